package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.tracing.RecordTraces;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.segmentation.webhook.WebhookConfig;
import dev.clv.segmentation.webhook.dispatch.EndpointGuard.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Makes one attempt of a webhook message: vets the endpoint (SSRF guard), posts the stored body signed with the
 * endpoint's secret (and the previous one during a rotation's overlap) over kept-alive connections, and says how it
 * ended. Redirects are not followed; an attempt has {@code timeout} in all and reads at most 64 KiB of the answer.
 */
@Startup // its counters exist from the start, at zero
@ApplicationScoped
public class WebhookSender {
    /** The most of a receiver's answer body that is read (64 KiB); the rest is ignored. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private final EndpointGuard guard;
    private final WebhookConfig config;
    private final RetryPolicy policy;
    private final HttpClient client;
    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>(); // by outcome
    private final Tracer tracer;

    public WebhookSender(EndpointGuard guard, WebhookConfig config, Vertx vertx, MeterRegistry registry,
            OpenTelemetry openTelemetry) {
        this.guard = guard;
        this.config = config;
        this.policy = new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter());
        this.registry = registry;
        this.tracer = openTelemetry.getTracer("dev.clv.webhooks");
        // each outcome's series exists from the start, at zero, so that an alert's rate() sees the first failure
        List.of("succeeded", "retry", "failed", "gone").forEach(this::counter);
        int timeout = (int) config.timeout().toMillis();
        // the platform's trace context is its own: no traceparent goes to a subscriber (the span is made here)
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setForceSni(true).setVerifyHost(true).setMaxPoolSize(16).setKeepAlive(true)
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    private Counter counter(String outcome) {
        return attempts.computeIfAbsent(outcome, kind -> registry.counter("segmentation.webhook.attempts", "outcome",
                kind));
    }

    /** Where a message's endpoint may be reached now, or why it may not. */
    record Vetted(Target target, String refusal) {
    }

    /** Resolves and vets the endpoint's address; resolving blocks, so this runs on a worker thread. */
    Uni<Vetted> vet(String url) {
        return Uni.createFrom().item(() -> {
            try {
                return new Vetted(guard.vet(url), null);
            } catch (EndpointGuard.RefusedEndpoint e) {
                return new Vetted(null, "refused by the SSRF guard: " + e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** One attempt of {@code c} at the vetted address; never fails: every way it can end is an outcome. */
    Uni<Outcome> attempt(Claimed c, Vetted vetted) {
        long started = System.nanoTime();
        Uni<Outcome> attempt;
        if (c.secret() == null) {
            // DeliveryClaims logged why; the tenant sees only that it could not be signed
            attempt = Uni.createFrom().item(outcome(c, null, null, "the endpoint's signing secret cannot be read",
                    started));
        } else if (vetted.target() == null) {
            attempt = Uni.createFrom().item(outcome(c, null, null, vetted.refusal(), started));
        } else {
            attempt = send(c, vetted.target(), started);
        }
        return attempt.invoke(o -> counter(o.kind()).increment());
    }

    // the attempt's span continues the trace of the change that queued the message (its stored traceparent)
    private Uni<Outcome> send(Claimed c, Target target, long started) {
        Span span = tracer.spanBuilder("webhook POST").setSpanKind(SpanKind.CLIENT)
                .setParent(RecordTraces.parse(c.traceparent())).setAttribute("http.request.method", "POST")
                .setAttribute("server.address", target.host()).setAttribute("server.port", (long) target.port())
                .setAttribute("webhook.message_id", c.id()).setAttribute("webhook.attempt", (long) c.attempt())
                .startSpan();
        return sendTraced(c, target, started).invoke(o -> {
            if (o.statusCode() != null) {
                span.setAttribute("http.response.status_code", (long) o.statusCode());
            }
            if (!"succeeded".equals(o.kind())) {
                span.setStatus(StatusCode.ERROR, o.error() == null ? o.kind() : o.error());
            }
            span.end();
        });
    }

    private Uni<Outcome> sendTraced(Claimed c, Target target, long started) {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = WebhookSigner.sign(c.secret(), c.id(), timestamp, c.body())
                + (c.previousSecret() == null
                        ? ""
                        : " " + WebhookSigner.sign(c.previousSecret(), c.id(), timestamp, c.body()));
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty()
                ? "/"
                : target.uri().getRawPath();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host().startsWith("[")
                        ? target.host().substring(1, target.host().length() - 1)
                        : target.host())
                .setPort(target.port()).setSsl(target.tls()).setFollowRedirects(false)
                .setURI(target.uri().getRawQuery() == null ? path : path + "?" + target.uri().getRawQuery())
                .putHeader("content-type", "application/json").putHeader("user-agent", "clv-platform-webhooks/1")
                .putHeader("webhook-id", c.id()).putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        // straight from the Vert.x future: a CompletionStage in between cost a context capture per attempt
        Uni<Outcome> sent = Uni.createFrom().emitter(em -> client.request(options)
                .compose(req -> req.send(Buffer.buffer(c.body())))
                .compose(resp -> answered(resp).map(v -> outcome(c, resp.statusCode(), resp.getHeader(
                        "retry-after"), resp.statusCode() >= 300 ? "HTTP " + resp.statusCode() : null, started)))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        em.complete(done.result());
                    } else {
                        em.fail(done.cause());
                    }
                }));
        return sent.ifNoItem().after(config.timeout()).failWith(() -> new TimeoutException(
                "no answer within " + config.timeout().toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> outcome(c, null, null, e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getMessage(), started));
    }

    /**
     * Reads the answer's body up to {@link #MAX_ANSWER_BYTES} and drops it (only the status counts); past that the
     * request is reset and the rest never read, so a receiver streaming a huge or endless body cannot hold the
     * attempt, nor this process's memory or bandwidth, until the timeout.
     */
    static Future<Void> answered(HttpClientResponse resp) {
        Promise<Void> done = Promise.promise();
        long[] read = {0}; // the connection's event loop calls every handler, one at a time
        try {
            resp.exceptionHandler(done::tryFail);
            resp.endHandler(v -> done.tryComplete());
            resp.handler(chunk -> {
                read[0] += chunk.length();
                if (read[0] > MAX_ANSWER_BYTES && done.tryComplete()) {
                    resp.request().reset();
                }
            });
        } catch (IllegalStateException ended) {
            // a short answer (a 204, say) can end before these handlers are set, and Vert.x then refuses them
            // ("Response already ended"): it was answered in full. Failing here recorded a delivered message as
            // failed, and it was sent again
            done.tryComplete();
        }
        return done.future();
    }

    private Outcome outcome(Claimed c, Integer status, String retryAfter, String error, long started) {
        int latency = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
        return policy.outcome(c.attempt(), status, retryAfter, error, latency, OffsetDateTime.now(ZoneOffset.UTC));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
