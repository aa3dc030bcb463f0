package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.webhook.DeliveryClaims;
import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.WebhookConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends due webhook messages: claims them fairly across tenants and endpoints (see DeliveryClaims) and runs each
 * claimed endpoint's share as a {@link Lane} of its own, at most {@code lanes} at once. The claim loop runs on the
 * poll, when messages are queued (DeliveryWakeups) and when a lane ends; it claims again at once until a claim is
 * empty or every lane is busy. A slow endpoint's lane holds one lane, never the loop or another endpoint's lane.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private final DeliveryClaims claims;
    private final DeliveryRepository deliveries;
    private final WebhookSender sender;
    private final WebhookConfig config;
    private final AtomicInteger lanes = new AtomicInteger();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicLong queued = new AtomicLong(); // notifications of queued messages heard so far

    public WebhookDispatcher(DeliveryClaims claims, DeliveryRepository deliveries, WebhookSender sender,
            WebhookConfig config) {
        this.claims = claims;
        this.deliveries = deliveries;
        this.sender = sender;
        this.config = config;
    }

    /** Starts the claim loop unless it is running. */
    @Scheduled(every = "${segmentation.webhooks.poll-interval}")
    void poll() {
        if (claiming.compareAndSet(false, true)) {
            claimAll().onTermination().invoke(() -> {
                claiming.set(false);
                if (woken.getAndSet(false)) {
                    poll();
                }
            }).subscribe().with(n -> {
            }, e -> LOG.errorf("Claiming webhook messages failed (%s); the next poll tries again", e.toString()));
        }
    }

    /**
     * Messages were queued: the loop claims now rather than at the next poll (a loop that is running looks again when
     * it ends, as its last claim may have missed them), and running lanes take more before they end.
     */
    public void wake() {
        queued.incrementAndGet();
        claimSoon();
    }

    private void claimSoon() {
        woken.set(true);
        poll();
    }

    // repeating, not recursing: a long drain keeps neither a frame nor a subscriber per round
    private Uni<Integer> claimAll() {
        return Multi.createBy().repeating().uni(this::claim).until(n -> n == 0).collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    /** One claim, each endpoint's share started as its lane; answers how many messages were claimed. */
    private Uni<Integer> claim() {
        int free = config.lanes() - lanes.get();
        if (free <= 0) {
            return Uni.createFrom().item(0); // a lane's end wakes the loop
        }
        // a lane's take starts no request later than the timeout after it, so every one has ended within twice the
        // timeout of the last renewal: that and the margin is the lease
        Duration lease = config.timeout().multipliedBy(2).plus(config.leaseMargin());
        return claims.claim(config.batchSize(), lease, config.laneDepth(), free).map(claimed -> {
            claimed.stream().collect(Collectors.groupingBy(Claimed::webhookId, LinkedHashMap::new,
                    Collectors.toList())).values().forEach(lane -> start(lane, lease));
            return claimed.size();
        });
    }

    private void start(List<Claimed> first, Duration lease) {
        lanes.incrementAndGet();
        UUID webhook = first.get(0).webhookId();
        new Lane(first, lease, sender, claims, deliveries, config, queued::get).run().onTermination()
                .invoke(() -> {
                    lanes.decrementAndGet();
                    claimSoon();
                }).subscribe().with(n -> {
                }, e -> LOG.errorf("Webhook %s: a lane failed (%s); its unrecorded messages are due again",
                        webhook,
                        e.toString()));
    }
}
