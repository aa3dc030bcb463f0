package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.clv.segmentation.webhook.DeliveryClaims;
import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.segmentation.webhook.WebhookConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One endpoint's lane, while it holds the endpoint's lease: its address vetted once, its messages sent oldest first,
 * endpoint-concurrency at a time, over kept-alive connections, their attempts recorded in batches of lane-depth (or
 * fewer at its end) while the next ones are sent, and the endpoint's next messages taken as the last ones go out (the
 * lease renewed with each) while takes come back full, or messages were queued since a take that was not. It ends
 * when the endpoint has nothing more due, after lane-time (so that other endpoints get their turn), or when a
 * message's turn comes later than the timeout after it was taken (a slow endpoint): that message is released
 * unattempted, still due as it was.
 */
final class Lane {
    /**
     * Batches recorded at once: while one is written the next is sent. (Grouping on a timer as well failed the lane
     * when its timer fired while both were being written: a list cannot wait there.)
     */
    private static final int RECORDING = 2;
    private final List<Claimed> first;
    private final UUID webhook;
    private final WebhookSender sender;
    private final DeliveryClaims claims;
    private final DeliveryRepository deliveries;
    private final WebhookConfig config;
    private final Duration lease;
    private final long ends;
    private final Set<String> held = ConcurrentHashMap.newKeySet(); // taken, not yet recorded
    private volatile OffsetDateTime token;
    private final LongSupplier queued;
    private volatile long queuedAtTake;
    private volatile boolean full;
    private volatile boolean closing;

    private record Turn(Claimed message, long lastStart) {
    }

    private record Done(Claimed message, Outcome outcome) {
    }

    Lane(List<Claimed> first, Duration lease, WebhookSender sender, DeliveryClaims claims,
            DeliveryRepository deliveries, WebhookConfig config, LongSupplier queued) {
        this.queued = queued;
        this.first = first;
        this.webhook = first.get(0).webhookId();
        this.token = first.get(0).lane();
        this.lease = lease;
        this.sender = sender;
        this.claims = claims;
        this.deliveries = deliveries;
        this.config = config;
        this.ends = System.nanoTime() + config.laneTime().toNanos();
    }

    /** Runs the lane from its first messages to its end; answers how many attempts were made. */
    Uni<Integer> run() {
        Multi<List<Turn>> takes = Multi.createBy().concatenating().streams(Multi.createFrom().item(() -> turns(first)),
                Multi.createBy().repeating().uni(this::more).until(List::isEmpty));
        return sender.vet(first.get(0).url()).onItem().transformToMulti(vetted -> takes.onItem()
                .transformToMultiAndConcatenate(take -> Multi.createFrom().iterable(take)).onItem()
                .transformToUni(turn -> attempt(turn, vetted)).merge(config.endpointConcurrency()))
                .group().intoLists().of(config.laneDepth()).onItem().transformToUni(this::record).merge(RECORDING)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .onItemOrFailure().call((n, e) -> deliveries.endLane(webhook, token));
    }

    private List<Turn> turns(List<Claimed> take) {
        long lastStart = System.nanoTime() + config.timeout().toNanos();
        full = take.size() >= config.laneDepth();
        queuedAtTake = queued.getAsLong();
        take.forEach(c -> held.add(c.id()));
        return take.stream().map(c -> new Turn(c, lastStart)).toList();
    }

    /** The lane's next messages, or none when it ends. */
    private Uni<List<Turn>> more() {
        // a take that was not full found all that was due then: more only if messages were queued since
        if (closing || (!full && queued.getAsLong() == queuedAtTake) || System.nanoTime() > ends) {
            return Uni.createFrom().item(List.of());
        }
        return claims.next(webhook, token, lease, config.laneDepth(), held).map(next -> {
            if (next.lost()) {
                closing = true;
                return List.of();
            }
            token = next.lane();
            return turns(next.messages());
        });
    }

    private Uni<Done> attempt(Turn turn, WebhookSender.Vetted vetted) {
        return Uni.createFrom().deferred(() -> {
            if (System.nanoTime() > turn.lastStart()) {
                closing = true;
                return Uni.createFrom().item(new Done(turn.message(), Outcome.RELEASED));
            }
            return sender.attempt(turn.message(), vetted).map(o -> new Done(turn.message(), o));
        });
    }

    private Uni<Integer> record(List<Done> batch) {
        List<Claimed> claimed = batch.stream().map(Done::message).toList();
        return deliveries.finish(claimed, batch.stream().map(Done::outcome).toList(),
                OffsetDateTime.now(ZoneOffset.UTC), config.disableAfter())
                .invoke(() -> claimed.forEach(c -> held.remove(c.id())))
                .replaceWith((int) batch.stream().filter(d -> d.outcome() != Outcome.RELEASED).count());
    }
}
