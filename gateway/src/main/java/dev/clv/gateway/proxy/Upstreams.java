package dev.clv.gateway.proxy;

import io.vertx.core.http.HttpClientRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;

import dev.clv.gateway.config.GatewayConfig;

/**
 * One streaming reverse proxy per upstream over a shared pooled client. A connection that cannot be opened is
 * tried once more for methods that are safe to repeat; consecutive failures open the upstream's circuit.
 */
final class Upstreams {
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);

    private final Map<String, HttpProxy> proxies = new HashMap<>();

    Upstreams(Vertx vertx, GatewayConfig config) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(64).setKeepAlive(true).setPipelining(false));
        long timeout = config.upstreamTimeout().toMillis();
        config.upstreams().forEach((name, url) -> {
            URI uri = URI.create(url);
            SocketAddress address = SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost());
            CircuitBreaker breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
                    .setMaxFailures(config.breakerFailures())
                    .setResetTimeout(config.breakerOpenFor().toMillis())
                    .setTimeout(-1));
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .originRequestProvider((request, c) -> {
                        RequestOptions options = new RequestOptions().setServer(address).setIdleTimeout(timeout);
                        Future<HttpClientRequest> first = c.request(options);
                        // only the connection is retried: nothing was sent yet, so even a POST would be safe,
                        // but a stream already half-read by the first attempt could not be replayed
                        return IDEMPOTENT.contains(request.method()) ? first.recover(e -> c.request(options)) : first;
                    })
                    .addInterceptor(new UpstreamInterceptor(name, config.strippedHeaders(), breaker,
                            config.breakerOpenFor().toSeconds()));
            proxies.put(name, proxy);
        });
    }

    HttpProxy get(String name) {
        return proxies.get(name);
    }
}
