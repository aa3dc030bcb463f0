package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.segmentation.webhook.WebhookConfig;
import dev.clv.segmentation.webhook.dispatch.EndpointGuard.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Sends due webhook messages: claims a batch from the outbox, vets each endpoint (SSRF guard), posts the stored
 * body signed with the endpoint's secret (and the previous one during a rotation's overlap), and records the batch's
 * attempts in one statement.
 * Redirects are not followed; an attempt has {@code timeout} in all. Full batches are followed at once by the next.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private final DeliveryRepository deliveries;
    private final EndpointGuard guard;
    private final WebhookConfig config;
    private final RetryPolicy policy;
    private final HttpClient client;
    private final MeterRegistry registry;

    public WebhookDispatcher(DeliveryRepository deliveries, EndpointGuard guard, WebhookConfig config,
            Vertx vertx, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.guard = guard;
        this.config = config;
        this.policy = new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter());
        this.registry = registry;
        int timeout = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setForceSni(true).setVerifyHost(true).setMaxPoolSize(16).setKeepAlive(true));
    }

    @Scheduled(every = "${segmentation.webhooks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        // while one loop waits for its endpoints, another claims or records: the database and HTTP work overlap
        return Uni.join().all(IntStream.range(0, config.workers()).mapToObj(i -> drain()).toList())
                .andCollectFailures().map(counts -> counts.stream().mapToInt(Integer::intValue).sum()).onFailure()
                .recoverWithItem(e -> {
                    LOG.errorf("Sending webhooks failed (%s); the next poll tries again", e.toString());
                    return 0;
                }).replaceWithVoid();
    }

    /** Sends due messages until a claim comes back short; answers how many attempts were made. */
    public Uni<Integer> drain() {
        int batch = config.batchSize();
        return deliveries.claim(batch, config.timeout().plus(config.leaseMargin())).chain(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(0)
                : Uni.join().all(claimed.stream().map(this::attempt).toList()).andCollectFailures()
                        .chain(outcomes -> deliveries.finish(claimed, outcomes, now(), config.disableAfter()))
                        .chain(() -> claimed.size() < batch
                                ? Uni.createFrom().item(claimed.size())
                                : drain().map(more -> more + claimed.size())));
    }

    private Uni<Outcome> attempt(Claimed c) {
        long started = System.nanoTime();
        // resolving the host blocks, so the guard runs on a worker thread
        return Uni.createFrom().item(() -> vet(c)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(v -> v.target() == null
                        ? Uni.createFrom().item(outcome(c, null, null, v.refusal(), started))
                        : send(c, v.target(), started))
                .invoke(o -> registry.counter("segmentation.webhook.attempts", "outcome", o.kind()).increment());
    }

    private record Vetted(Target target, String refusal) {
    }

    private Vetted vet(Claimed c) {
        try {
            return new Vetted(guard.vet(c.url()), null);
        } catch (EndpointGuard.RefusedEndpoint e) {
            return new Vetted(null, "refused by the SSRF guard: " + e.getMessage());
        }
    }

    private Uni<Outcome> send(Claimed c, Target target, long started) {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = WebhookSigner.sign(c.secret(), c.id(), timestamp, c.body())
                + (c.previousSecret() == null
                        ? ""
                        : " " + WebhookSigner.sign(c.previousSecret(), c.id(), timestamp,
                                c.body()));
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
        Uni<Outcome> sent = Uni.createFrom().completionStage(() -> client.request(options)
                .compose(req -> req.send(Buffer.buffer(c.body())))
                .compose(resp -> {
                    resp.handler(ignored -> {
                    }); // the receiver's body is not kept
                    return resp.end().map(v -> outcome(c, resp.statusCode(), resp.getHeader("retry-after"),
                            resp.statusCode() >= 300 ? "HTTP " + resp.statusCode() : null, started));
                }).toCompletionStage());
        return sent.ifNoItem().after(config.timeout()).failWith(() -> new TimeoutException(
                "no answer within " + config.timeout().toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> outcome(c, null, null, e.getMessage() == null
                        ? e.getClass()
                                .getSimpleName()
                        : e.getMessage(), started));
    }

    private Outcome outcome(Claimed c, Integer status, String retryAfter, String error, long started) {
        int latency = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
        return policy.outcome(c.attempt(), status, retryAfter, error, latency, now());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
