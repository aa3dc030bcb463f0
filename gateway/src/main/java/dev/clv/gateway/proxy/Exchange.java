package dev.clv.gateway.proxy;

import java.util.function.Consumer;

import dev.clv.gateway.ratelimit.BodyRows;
import dev.clv.gateway.ratelimit.Charge;
import dev.clv.gateway.ratelimit.Meter;
import dev.clv.gateway.ratelimit.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * One request's way through the proxy, as far as the quota and the circuit need it: whether its whole body reached
 * the upstream (the upstream's time to answer starts only then, so a slow client never looks like a slow
 * upstream), whether the client failed or stalled first, its rows when they are counted, and the upstream's
 * answer. A body that stops arriving for as long as an upstream may take to answer ends the exchange as the
 * client's fault, so a stalled upload cannot hold an upstream connection. Every call happens on the request's
 * event loop.
 */
final class Exchange {
    /** Why the client's side ended the exchange. */
    enum ClientFault {
        NONE, BROKEN_BODY, STALLED_BODY
    }

    private final BodyRows rows;
    private final long timeoutMillis;
    private final Consumer<Outcome> onAnswer;
    private HttpClientRequest upstream;
    private boolean bodySent;
    private ClientFault clientFault = ClientFault.NONE;
    private long lastChunk;
    private long stallTimer = -1;
    private int status;
    private long rowsReceived = -1;

    /**
     * {@code rows} counts the body's rows, or is null; {@code timeoutMillis} bounds both the upstream's silence once
     * it has the whole body and a pause of the client's body; {@code onAnswer} runs once the upstream has answered.
     */
    Exchange(BodyRows rows, long timeoutMillis, Consumer<Outcome> onAnswer) {
        this.rows = rows;
        this.timeoutMillis = timeoutMillis;
        this.onAnswer = onAnswer;
    }

    /**
     * The exchange of a call under {@code meter}, settling {@code charge} (null: nothing to settle) when what it
     * cost is known: at the answer, or for counted rows once the request has ended.
     */
    static Exchange of(RoutingContext rc, Meter meter, Charge charge, long timeoutMillis) {
        BodyRows rows = meter == Meter.BODY_ROWS
                ? BodyRows.forContentType(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))
                : null;
        Exchange exchange = new Exchange(rows, timeoutMillis, outcome -> settle(rows == null ? charge : null,
                outcome));
        ExchangeEnd.add(rc, done -> settle(charge, exchange.outcome()));
        return exchange;
    }

    static void settle(Charge charge, Outcome outcome) {
        if (charge != null) {
            charge.settle(outcome);
        }
    }

    BodyRows rows() {
        return rows;
    }

    void upstreamRequest(HttpClientRequest request) {
        this.upstream = request;
        startAnswerTimeout();
    }

    /** The body starts flowing upstream; from now on a pause in it is watched. */
    void bodyStarted() {
        lastChunk = System.currentTimeMillis();
        if (timeoutMillis > 0 && stallTimer < 0) {
            stallTimer = Vertx.currentContext().owner().setTimer(timeoutMillis, this::checkStall);
        }
    }

    void chunkForwarded() {
        lastChunk = System.currentTimeMillis();
    }

    /** The whole body is on its way: from now on the upstream has the timeout to send something. */
    void bodySent() {
        bodySent = true;
        if (stallTimer >= 0) {
            Vertx.currentContext().owner().cancelTimer(stallTimer);
        }
        startAnswerTimeout();
    }

    /** The client's body failed (a broken upload): the exchange ends, and it is no upstream's fault. */
    void clientFailed() {
        if (clientFault == ClientFault.NONE) {
            clientFault = ClientFault.BROKEN_BODY;
        }
    }

    ClientFault clientFault() {
        return clientFault;
    }

    void answered(int status, String rowsReceivedHeader) {
        this.status = status;
        if (rowsReceivedHeader != null) {
            try {
                rowsReceived = Math.max(0, Long.parseLong(rowsReceivedHeader.trim()));
            } catch (NumberFormatException e) {
                rowsReceived = -1;
            }
        }
        onAnswer.accept(outcome());
    }

    /** What is known so far; final once the request has ended. */
    Outcome outcome() {
        return new Outcome(bodySent, status, rowsReceived, rows == null ? 0 : rows.rows());
    }

    private void startAnswerTimeout() {
        if (bodySent && upstream != null && timeoutMillis > 0) {
            upstream.idleTimeout(timeoutMillis);
        }
    }

    private void checkStall(long timer) {
        if (bodySent || status > 0 || clientFault != ClientFault.NONE) {
            return;
        }
        long idle = System.currentTimeMillis() - lastChunk;
        if (idle < timeoutMillis) {
            stallTimer = Vertx.currentContext().owner().setTimer(timeoutMillis - idle, this::checkStall);
            return;
        }
        clientFault = ClientFault.STALLED_BODY;
        if (upstream != null) {
            upstream.reset();
        }
    }
}
