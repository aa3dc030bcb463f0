package dev.clv.segmentation.webhook.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;

/** Reading a receiver's answer over real HTTP: an answer that ended before it was read still counts as answered. */
class AnswerReadingTest {
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(204).end()).listen(0,
                "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void anAnswerThatEndedBeforeItsHandlersWereSetIsAnsweredNotFailed() throws Exception {
        HttpClientResponse resp = client.request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/")
                .compose(req -> req.send("{}")).compose(r -> r.end().map(r)).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(204, resp.statusCode());
        // the race of a short answer made certain: the response has ended before answered() sets its handlers
        var answered = vertx.getOrCreateContext().<Void>executeBlocking(() -> null)
                .compose(v -> WebhookSender.answered(resp));
        answered.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(answered.succeeded(), "answered, not " + answered.cause());
    }
}
