package dev.clv.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.clv.testsupport.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Upstreams for the proxy tests, each an HTTP server that answers with what it received (method, URI, headers,
 * body) and, for a write to {@code .../events}, how many rows it received; each also serves its readiness and
 * OpenAPI document, and a test may give it a fixed answer for a path ({@code canned}). Ingestion and analytics share one;
 * segmentation has its own, so tests can watch its exchanges alone; prediction's port has no listener unless a
 * test opens it. Query parameters steer an answer: {@code echo_hold_ms} delays it, {@code echo_status} sets its
 * status, {@code echo_rows=none} leaves {@code Rows-Received} out, {@code echo_close=true} closes the connection
 * instead of answering. A GET of a path ending in {@code /events/stream} is a server-sent event stream, as the
 * ingestion service serves one: a comment at once, then {@code echo_sse_events} events (default 25), one every
 * {@code echo_sse_every_ms} (200), numbered on from the request's {@code Last-Event-ID} (from 1 without one), and
 * the end; {@code echo_sse_head_ms} holds its head back, and {@code echo_sse_break_after} closes the connection
 * after that many events instead of ending the stream.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {
    /** The OpenAPI document every echo upstream serves: one public route, one the route table does not expose. */
    static final String OPENAPI = """
            {"openapi":"3.1.0","paths":{
              "/v0/pipes/{name}":{"get":{"summary":"A pipe","description":"Reads a pipe."},
                "parameters":[{"name":"name","in":"path","required":true}]},
              "/internal/reindex":{"post":{"summary":"Not public"}}},
             "components":{"schemas":{"Problem":{"type":"object"}}}}""";

    /** The readiness every echo upstream reports, shaped as SmallRye Health's (the checks the services have). */
    static final String READY = """
            {"status":"UP","checks":[{"name":"Database connections health check","status":"UP"},
              {"name":"Kafka connection health check","status":"UP"},
              {"name":"Kafka consumers","status":"UP","data":{"analytics-projector-0":"RUNNING"}}]}""";

    private static Vertx vertx;
    private static Echo shared;
    private static Echo segmentation;
    private static Echo prediction;
    private static int predictionPort;

    /** One echoing server and what it saw. */
    static final class Echo {
        /** Request heads received. */
        final AtomicInteger received = new AtomicInteger();
        /** Exchanges whose connection closed before they were answered. */
        final AtomicInteger cancelled = new AtomicInteger();
        /** Readiness probes received ({@code /q/health/ready}); not counted in {@link #received}. */
        final AtomicInteger readinessProbes = new AtomicInteger();
        /** Answers given instead of the echo, by path (JSON, status 200). */
        final Map<String, String> canned = new ConcurrentHashMap<>();
        /** Event streams being sent now. */
        final AtomicInteger streamsOpen = new AtomicInteger();
        /** Event streams whose connection closed before they ended. */
        final AtomicInteger streamsCut = new AtomicInteger();
        /** The {@code Last-Event-ID} of each event stream asked for, in order ("" when it had none). */
        final List<String> lastEventIds = new CopyOnWriteArrayList<>();
        private HttpServer server;

        private void handle(HttpServerRequest request) {
            if (request.path().equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(OPENAPI);
                return;
            }
            if (request.path().equals("/q/health/ready")) {
                readinessProbes.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json").end(READY);
                return;
            }
            received.incrementAndGet();
            if (request.method().name().equals("GET") && request.path().endsWith("/events/stream")) {
                stream(request);
                return;
            }
            if (canned.containsKey(request.path())) {
                request.response().putHeader("Content-Type", "application/json").end(canned.get(request.path()));
                return;
            }
            AtomicBoolean answered = new AtomicBoolean();
            request.response().closeHandler(v -> {
                if (answered.compareAndSet(false, true)) {
                    cancelled.incrementAndGet();
                }
            });
            if ("true".equals(request.getParam("echo_close"))) {
                request.connection().close();
                return;
            }
            request.body().onSuccess(body -> {
                long hold = Long.parseLong(request.params().get("echo_hold_ms") == null
                        ? "0"
                        : request.getParam("echo_hold_ms"));
                vertx.setTimer(Math.max(1, hold), t -> {
                    if (answered.compareAndSet(false, true)) {
                        answer(request, body);
                    }
                });
            });
        }

        private void stream(HttpServerRequest request) {
            int events = Integer.parseInt(param(request, "echo_sse_events", "25"));
            long every = Long.parseLong(param(request, "echo_sse_every_ms", "200"));
            long head = Long.parseLong(param(request, "echo_sse_head_ms", "0"));
            int breakAfter = Integer.parseInt(param(request, "echo_sse_break_after", "0"));
            String lastEventId = request.getHeader("Last-Event-ID");
            lastEventIds.add(lastEventId == null ? "" : lastEventId);
            long first = lastEventId == null ? 1 : Long.parseLong(lastEventId.trim()) + 1;
            HttpServerResponse response = request.response().setChunked(true)
                    .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
            AtomicBoolean over = new AtomicBoolean();
            AtomicLong timer = new AtomicLong(-1);
            streamsOpen.incrementAndGet();
            response.closeHandler(v -> {
                if (over.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer.get());
                    streamsOpen.decrementAndGet();
                    streamsCut.incrementAndGet();
                }
            });
            timer.set(vertx.setTimer(Math.max(1, head), h -> {
                if (over.get()) {
                    return;
                }
                response.write(": stream open\n\n");
                AtomicLong next = new AtomicLong(first);
                timer.set(vertx.setPeriodic(every, t -> {
                    if (over.get()) {
                        vertx.cancelTimer(t);
                        return;
                    }
                    long id = next.getAndIncrement();
                    response.write("id: " + id + "\nevent: customer_event\ndata: {\"n\":" + id + "}\n\n");
                    if (breakAfter > 0 && id - first + 1 >= breakAfter && over.compareAndSet(false, true)) {
                        vertx.cancelTimer(t);
                        streamsOpen.decrementAndGet();
                        request.connection().close();
                    } else if (id - first + 1 >= events && over.compareAndSet(false, true)) {
                        vertx.cancelTimer(t);
                        streamsOpen.decrementAndGet();
                        response.end();
                    }
                }));
            }));
        }

        private static String param(HttpServerRequest request, String name, String otherwise) {
            String value = request.getParam(name);
            return value == null ? otherwise : value;
        }

        private static void answer(HttpServerRequest request, Buffer body) {
            JsonObject headers = new JsonObject();
            request.headers().names().forEach(name -> headers.put(name.toLowerCase(),
                    String.join(",", request.headers().getAll(name))));
            String text = body.toString();
            var response = request.response().putHeader("Content-Type", "application/json")
                    .setStatusCode(Integer.parseInt(request.params().get("echo_status") == null
                            ? "200"
                            : request.getParam("echo_status")));
            if (request.path().endsWith("/events") && !"none".equals(request.getParam("echo_rows"))) {
                // as ingestion does: how many rows the write received, which the gateway charges as events
                response.putHeader("Rows-Received", Long.toString(text.lines().count()));
            }
            response.end(new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                    .put("body", text).put("headers", headers).encode());
        }

        private void listen(int port) {
            server = vertx.createHttpServer().requestHandler(this::handle);
            server.listen(port, "localhost").toCompletionStage().toCompletableFuture().join();
        }

        int port() {
            return server.actualPort();
        }

        private void close() {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    static synchronized void ensureStarted() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            shared = new Echo();
            shared.listen(0);
            segmentation = new Echo();
            segmentation.listen(0);
            predictionPort = FreePorts.next();
            Runtime.getRuntime().addShutdownHook(new Thread(vertx::close));
        }
    }

    /** The upstream behind the ingestion and analytics routes. */
    static Echo shared() {
        ensureStarted();
        return shared;
    }

    /** The upstream behind the segmentation routes. */
    static Echo segmentation() {
        ensureStarted();
        return segmentation;
    }

    /** Makes the prediction upstream listen until the answer is closed; nobody listens on its port otherwise. */
    static synchronized Echo openPrediction() {
        ensureStarted();
        if (prediction == null) {
            prediction = new Echo();
            prediction.listen(predictionPort);
        }
        return prediction;
    }

    static synchronized void closePrediction() {
        if (prediction != null) {
            prediction.close();
            prediction = null;
        }
    }

    @Override
    public Map<String, String> start() {
        ensureStarted();
        String echo = "http://localhost:" + shared.port();
        return Map.of("gateway.upstreams.ingestion", echo, "gateway.upstreams.analytics", echo,
                "gateway.upstreams.segmentation", "http://localhost:" + segmentation.port(),
                "gateway.upstreams.prediction", "http://localhost:" + predictionPort, "gateway.console-url", echo);
    }

    @Override
    public void stop() {
        // kept for the whole JVM, like the other test resources
    }
}
