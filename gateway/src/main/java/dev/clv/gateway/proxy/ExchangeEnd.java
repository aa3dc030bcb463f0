package dev.clv.gateway.proxy;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The end of a public request's exchange, reported once however it ends: what is logged, timed, audited, settled or
 * given back at the end hangs here rather than on {@link RoutingContext#addEndHandler} alone. Vert.x Web runs a
 * context's end handlers when the answer ends or its connection closes, but never when the answer was closed by the
 * proxy itself: when an answer's body breaks off (its upstream failed, or a client that left was seen failing
 * before its connection was seen closing), the proxy resets the answer, and Vert.x then reports no close at all.
 * The proxy's own report that it is done with the answer makes up for it. Every call happens on the request's
 * event loop.
 */
public final class ExchangeEnd {
    private static final String KEY = "clv.exchange-end";
    private final List<Handler<AsyncResult<Void>>> handlers = new ArrayList<>();
    private AsyncResult<Void> ended;

    private ExchangeEnd() {
    }

    /**
     * Runs {@code handler} once when the exchange of {@code rc} ends: succeeded when the answer was ended, failed
     * when its connection closed first. Handlers run in reverse order of addition, as end handlers do; one added
     * after the end runs at once.
     */
    public static void add(RoutingContext rc, Handler<AsyncResult<Void>> handler) {
        ExchangeEnd end = rc.get(KEY);
        if (end == null) {
            end = new ExchangeEnd();
            rc.put(KEY, end);
            rc.addEndHandler(end::run);
        }
        if (end.ended != null) {
            handler.handle(end.ended);
        } else {
            end.handlers.add(handler);
        }
    }

    /** The proxy is done with the answer of {@code rc}: if it failed, Vert.x may never tell, so it is told here. */
    static void proxied(RoutingContext rc, AsyncResult<Void> result) {
        ExchangeEnd end = rc.get(KEY);
        if (end != null && result.failed()) {
            end.run(Future.failedFuture(result.cause()));
        }
    }

    private void run(AsyncResult<Void> result) {
        if (ended != null) {
            return;
        }
        ended = result;
        for (int i = handlers.size() - 1; i >= 0; i--) {
            handlers.get(i).handle(result);
        }
        handlers.clear();
    }
}
