package dev.clv.gateway.proxy;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clv.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyOptions;

/**
 * The streaming reverse proxy to every upstream over one pooled client, with a circuit per upstream. A connection
 * that cannot be opened is tried once more for methods that are safe to repeat. A client that leaves cancels its
 * upstream exchange at any point: before it is sent, nothing is sent; once it is, the upstream request is reset,
 * which closes that connection rather than returning a half-used one to the pool (while an answer streams, the
 * proxy resets it as soon as the client's connection closes). Streaming routes have a client of their own, sized to
 * the streams a replica may carry: a long-lived stream never holds one of the connections ordinary calls queue for.
 */
final class Upstreams {
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);
    // no route is a WebSocket, and an upgrade would bypass the interceptor (and its header stripping)
    private static final ProxyOptions OPTIONS = new ProxyOptions().setSupportWebSocket(false);

    private record Upstream(String name, SocketAddress address, UpstreamCircuit circuit) {
    }

    /** The cancellation of an exchange whose client left before anything was sent upstream. */
    private static final class ClientLeft extends RuntimeException {
        ClientLeft() {
            super("the client left before the request was sent", null, false, false);
        }
    }

    private final HttpClient client;
    private final HttpClient streams;
    private final Map<String, Upstream> upstreams = new HashMap<>();
    private final List<String> strippedHeaders;
    private final long openSeconds;

    Upstreams(Vertx vertx, GatewayConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(64).setKeepAlive(true).setPipelining(false));
        if (config.streams().maxTotal() < 1) {
            throw new IllegalStateException("gateway.streams.max-total must be at least 1");
        }
        // StreamSlots lets no more streams in than this pool has connections: a stream never waits for one
        this.streams = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.streams().maxTotal()).setKeepAlive(true).setPipelining(false));
        this.strippedHeaders = config.strippedHeaders();
        this.openSeconds = config.breakerOpenFor().toSeconds();
        Map<String, String> all = new HashMap<>(config.upstreams());
        config.consoleUrl().ifPresent(url -> all.put(ConsolePassThrough.UPSTREAM, url));
        all.forEach((name, url) -> {
            URI uri = URI.create(url);
            upstreams.put(name, new Upstream(name, SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost()),
                    new UpstreamCircuit(config.breakerFailures(), config.breakerOpenFor().toMillis(),
                            config.breakerTrialCalls())));
        });
    }

    /**
     * Streams the request to the named upstream as {@code uri}; {@code exchange} learns what becomes of it.
     * {@code streaming}: the answer is a long-lived stream (its own connection pool, marked unbufferable).
     */
    void forward(String name, RoutingContext rc, Exchange exchange, String uri, boolean streaming) {
        Upstream upstream = upstreams.get(name);
        HttpClient client = streaming ? streams : this.client;
        HttpProxy.reverseProxy(OPTIONS, client)
                .origin(context -> open(client, upstream, context, exchange))
                .addInterceptor(new UpstreamInterceptor(name, strippedHeaders, upstream.circuit(), openSeconds,
                        exchange, uri, rc.normalizedPath(), streaming, sent -> ExchangeEnd.proxied(rc, sent)))
                .handle(rc.request());
    }

    private static Future<HttpClientRequest> open(HttpClient client, Upstream upstream, ProxyContext context,
            Exchange exchange) {
        HttpServerRequest incoming = context.request().proxiedRequest();
        RequestOptions options = new RequestOptions().setServer(upstream.address());
        Future<HttpClientRequest> first = client.request(options);
        // only the connection is retried: nothing was sent yet, so even a POST would be safe, but a stream
        // already half-read by the first attempt could not be replayed
        Future<HttpClientRequest> opened = IDEMPOTENT.contains(incoming.method())
                ? first.recover(e -> client.request(options))
                : first;
        return opened.compose(request -> {
            // the proxy only watches the client from here on: one that left while the connection was being made
            // gets nothing sent on its behalf (its body would never end, and the request would hang upstream)
            if (incoming.response().closed()) {
                request.reset();
                return Future.failedFuture(new ClientLeft());
            }
            exchange.upstreamRequest(request);
            return Future.succeededFuture(request);
        });
    }
}
