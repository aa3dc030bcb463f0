package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.webhook.DeliveryClaims;
import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.segmentation.webhook.WebhookConfig;
import dev.clv.segmentation.webhook.dispatch.EndpointGuard.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
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

/**
 * Sends due webhook messages: claims a batch from the outbox, vets each endpoint (SSRF guard), posts the stored
 * body signed with the endpoint's secret (and the previous one during a rotation's overlap), and records the batch's
 * attempts in one statement.
 * Redirects are not followed; an attempt has {@code timeout} in all and reads at most 64 KiB of the answer. Claims are
 * fair across tenants and endpoints and keep to each endpoint's concurrency limit (see DeliveryClaims). A loop
 * claims again at once until a claim is empty; it starts on a poll or when messages are queued (DeliveryWakeups).
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** The most of a receiver's answer body that is read (64 KiB); the rest is ignored. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private final DeliveryClaims claims;
    private final DeliveryRepository deliveries;
    private final EndpointGuard guard;
    private final WebhookConfig config;
    private final RetryPolicy policy;
    private final HttpClient client;
    private final MeterRegistry registry;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicBoolean woken = new AtomicBoolean();

    public WebhookDispatcher(DeliveryClaims claims, DeliveryRepository deliveries, EndpointGuard guard,
            WebhookConfig config, Vertx vertx, MeterRegistry registry) {
        this.claims = claims;
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

    /**
     * Starts every idle worker loop: each drains on its own, so one that waits for a slow endpoint's answers does not
     * keep the others from claiming on the next tick (a poll that waited for all of them did). While one loop waits
     * for its endpoints, another claims or records: the database and HTTP work overlap.
     */
    @Scheduled(every = "${segmentation.webhooks.poll-interval}")
    void poll() {
        for (int n = busy.get(); n < config.workers(); n = busy.get()) {
            if (busy.compareAndSet(n, n + 1)) {
                drain().onTermination().invoke(this::idle).subscribe().with(sent -> {
                }, e -> LOG.errorf("Sending webhooks failed (%s); the next poll tries again", e.toString()));
            }
        }
    }

    /**
     * Messages were queued (DeliveryWakeups heard it): idle loops start now rather than at the next poll. When every
     * loop is busy, the first one to finish looks again, as its last claim may have missed them.
     */
    public void wake() {
        woken.set(true);
        poll();
    }

    private void idle() {
        busy.decrementAndGet();
        if (woken.getAndSet(false)) {
            poll();
        }
    }

    /**
     * Sends due messages until a claim comes back empty; answers how many attempts were made. A claim shorter than
     * the batch does not end the drain: one endpoint's claim is limited by its concurrency (8), and a fast endpoint
     * with a backlog would otherwise get 8 messages a poll.
     */
    public Uni<Integer> drain() {
        // repeating, not recursing: a long drain keeps neither a frame nor a subscriber per round
        return Multi.createBy().repeating().uni(this::round).until(sent -> sent == 0).collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    /** One claim, its attempts and their record; answers how many were claimed. */
    private Uni<Integer> round() {
        Duration timeout = config.timeout();
        // a lane starts no request later than `timeout` after its claim, so every one has ended within twice the
        // timeout: that and the margin is the lease
        return claims.claim(config.batchSize(), timeout.multipliedBy(2).plus(config.leaseMargin()),
                config.laneDepth()).chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    long lastStart = System.nanoTime() + timeout.toNanos();
                    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
                    Map<UUID, List<Claimed>> lanes = claimed.stream().collect(Collectors.groupingBy(
                            Claimed::webhookId, LinkedHashMap::new, Collectors.toList()));
                    return Uni.join().all(lanes.values().stream().map(lane -> lane(lane, lastStart, outcomes))
                            .toList()).andCollectFailures()
                            .chain(() -> deliveries.finish(claimed, claimed.stream().map(c -> outcomes.get(c.id()))
                                    .toList(), now(), config.disableAfter()))
                            .replaceWith(claimed.size());
                });
    }

    /**
     * One endpoint's claimed messages, oldest first: its address vetted once, then at most endpoint-concurrency
     * requests at a time over the kept-alive connections; a message whose turn comes after {@code lastStart} is
     * released unattempted (a slow endpoint's lane must end within its lease).
     */
    private Uni<Void> lane(List<Claimed> lane, long lastStart, Map<String, Outcome> outcomes) {
        Claimed first = lane.get(0);
        // resolving the host blocks, so the guard runs on a worker thread
        return Uni.createFrom().item(() -> vet(first)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(vetted -> Multi.createFrom().iterable(lane).onItem()
                        .transformToUni(c -> Uni.createFrom().deferred(() -> System.nanoTime() > lastStart
                                ? Uni.createFrom().item(Outcome.RELEASED)
                                : attempt(c, vetted)).invoke(o -> outcomes.put(c.id(), o)))
                        .merge(config.endpointConcurrency()).collect().last())
                .replaceWithVoid();
    }

    private Uni<Outcome> attempt(Claimed c, Vetted vetted) {
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
        return attempt.invoke(o -> registry.counter("segmentation.webhook.attempts", "outcome", o.kind())
                .increment());
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
                .compose(resp -> answered(resp).map(v -> outcome(c, resp.statusCode(), resp.getHeader(
                        "retry-after"), resp.statusCode() >= 300 ? "HTTP " + resp.statusCode() : null, started)))
                .toCompletionStage());
        return sent.ifNoItem().after(config.timeout()).failWith(() -> new TimeoutException(
                "no answer within " + config.timeout().toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> outcome(c, null, null, e.getMessage() == null
                        ? e.getClass()
                                .getSimpleName()
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
