package dev.clv.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The client's request body as the proxy pipes it upstream, unchanged: it tells the exchange when the body starts,
 * moves, ends and fails on the client's side, and feeds the row counter when there is one.
 */
final class ForwardedBody implements ReadStream<Buffer> {
    private final ReadStream<Buffer> body;
    private final Exchange exchange;

    ForwardedBody(ReadStream<Buffer> body, Exchange exchange) {
        this.body = body;
        this.exchange = exchange;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler != null) {
            exchange.bodyStarted();
        }
        body.handler(handler == null ? null : chunk -> {
            exchange.chunkForwarded();
            if (exchange.rows() != null) {
                exchange.rows().feed(chunk.getBytes());
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        body.endHandler(handler == null ? null : v -> {
            if (exchange.rows() != null) {
                exchange.rows().end();
            }
            handler.handle(v);
            exchange.bodySent();
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        body.exceptionHandler(handler == null ? null : failure -> {
            exchange.clientFailed();
            handler.handle(failure);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        try {
            body.fetch(amount);
        } catch (IllegalStateException ended) {
            // an HTTP/2 request whose body has all arrived refuses to be resumed: the proxy releases the body when
            // the upstream failed, and the throw left the client without any answer
        }
        return this;
    }
}
