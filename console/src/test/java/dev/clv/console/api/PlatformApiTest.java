package dev.clv.console.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.clv.console.ConsoleConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.vertx.mutiny.core.Vertx;

/**
 * A platform that never answers, or cannot be reached, is named to the page (504, 502) rather than failing it with
 * an exception the page cannot read; a real HTTP server that holds the request, and a closed port.
 */
class PlatformApiTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static Vertx vertx;
    private static HttpServer silent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/", exchange -> {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        silent.start();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        silent.stop(0);
        vertx.closeAndAwait();
    }

    @Test
    void aPlatformSlowerThanTheTimeoutIsA504NamingTheTimeout() {
        PlatformApi api = api("http://127.0.0.1:" + silent.getAddress().getPort(), Duration.ofMillis(300));
        Throwable failure = api.get("/v1/products").subscribe().withSubscriber(
                io.smallrye.mutiny.helpers.test.UniAssertSubscriber.create()).awaitFailure(Duration.ofSeconds(10))
                .getFailure();
        ApiException e = assertInstanceOf(ApiException.class, failure);
        assertEquals(504, e.status());
        assertTrue(e.getMessage().contains("console.api-timeout"), e.getMessage());
    }

    @Test
    void anUnreachablePlatformIsA502() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PlatformApi api = api("http://127.0.0.1:" + closed, Duration.ofSeconds(5));
        Throwable failure = api.post("/v1/quarantine/x/replay", null).subscribe().withSubscriber(
                io.smallrye.mutiny.helpers.test.UniAssertSubscriber.create()).awaitFailure(Duration.ofSeconds(10))
                .getFailure();
        ApiException e = assertInstanceOf(ApiException.class, failure);
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
    }

    private static PlatformApi api(String gateway, Duration timeout) {
        // only the two settings the client reads; any other is not asked for here
        ConsoleConfig config = (ConsoleConfig) Proxy.newProxyInstance(ConsoleConfig.class.getClassLoader(),
                new Class<?>[]{ConsoleConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "gatewayUrl" -> gateway;
                    case "apiTimeout" -> timeout;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new PlatformApi(new PlatformApi.Clients(vertx), config, new AccessTokenCredential("token"));
    }
}
