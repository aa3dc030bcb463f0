package dev.clv.segmentation.announcement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.segmentation.announcement.AnnouncementRepository.Claimed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Drains the {@code membership_announcements} outbox onto {@code segment-memberships.v1}: claims a batch of queued
 * customers (oldest first, {@code FOR UPDATE SKIP LOCKED}, leased), reads their current segment ids, publishes them,
 * waits for Kafka's acks, and deletes the rows of the acknowledged ones. A relay that dies after publishing leaves
 * leased rows that are claimed again when the lease ends: delivery is at least once, and every record carries the
 * customer's whole list as it was read, stamped with the time of the change ({@code changed_at}).
 */
@ApplicationScoped
public class AnnouncementRelay {
    private static final Logger LOG = Logger.getLogger(AnnouncementRelay.class);
    private final AnnouncementRepository announcements;
    private final AnnouncementPublisher publisher;
    private final AnnouncementConfig config;
    private final Counter published;
    private final Counter unacknowledged;
    private final Timer lag;
    private final AtomicReference<Double> oldest = new AtomicReference<>(0.0);

    public AnnouncementRelay(AnnouncementRepository announcements, AnnouncementPublisher publisher,
            AnnouncementConfig config, MeterRegistry registry) {
        this.announcements = announcements;
        this.publisher = publisher;
        this.config = config;
        this.published = Counter.builder("segmentation.announcements.published")
                .description("Customers' segment lists acknowledged by Kafka").register(registry);
        this.unacknowledged = Counter.builder("segmentation.announcements.unacknowledged")
                .description("Segment lists Kafka did not acknowledge (claimed again after the lease)")
                .register(registry);
        this.lag = Timer.builder("segmentation.announcements.lag")
                .description("From a membership change to Kafka's ack of the customer's list").register(registry);
        Gauge.builder("segmentation.announcements.oldest", oldest, AtomicReference::get).baseUnit("seconds")
                .description("Age of the oldest membership change not yet acknowledged by Kafka").register(registry);
    }

    @Scheduled(every = "${segmentation.announcements.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return drain().onFailure().recoverWithItem(e -> {
            LOG.errorf("Publishing segment memberships failed (%s); claimed rows are due again after the lease",
                    e.toString());
            return 0;
        }).chain(announcements::oldestAge).invoke(oldest::set)
                .onFailure().recoverWithItem(0.0).replaceWithVoid();
    }

    /**
     * Publishes queued customers until a claim comes back short (or Kafka misses an ack); answers how many lists Kafka
     * acknowledged. Batch after batch, keeping nothing of a batch once it is done: a million queued customers (a
     * large segment's evaluation) are drained in constant memory.
     */
    public Uni<Integer> drain() {
        return Multi.createBy().repeating().uni(this::drainBatch).whilst(Round::more).map(Round::sent)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** One batch: how many lists Kafka acknowledged, and whether more may be queued. */
    private record Round(int sent, boolean more) {
    }

    private Uni<Round> drainBatch() {
        int batch = config.batchSize();
        return announcements.claim(batch, config.lease()).chain(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(new Round(0, false))
                // a short claim emptied the queue; unacknowledged lists mean Kafka is struggling: wait
                : publish(claimed).chain(sent -> announcements.done(sent).replaceWith(new Round(sent.size(),
                        claimed.size() == batch && sent.size() == claimed.size()))));
    }

    // the claimed customers Kafka acknowledged
    private Uni<List<Claimed>> publish(List<Claimed> claimed) {
        return announcements.current(claimed).chain(lists -> {
            List<SegmentMemberships> records = new ArrayList<>(claimed.size());
            for (int i = 0; i < claimed.size(); i++) {
                Claimed c = claimed.get(i);
                records.add(new SegmentMemberships(c.tenant(), c.customer(), lists.get(i), c.queuedAt().toInstant()));
            }
            // the producer may block for metadata: not on the event loop
            return Uni.createFrom().completionStage(() -> publisher.send(records))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(Infrastructure.getDefaultWorkerPool()); // off the producer's I/O thread
        }).map(acks -> {
            List<Claimed> sent = new ArrayList<>(claimed.size());
            Instant now = Instant.now();
            for (int i = 0; i < claimed.size(); i++) {
                if (acks.get(i)) {
                    sent.add(claimed.get(i));
                    lag.record(Math.max(0, now.toEpochMilli() - claimed.get(i).queuedAt().toInstant().toEpochMilli()),
                            TimeUnit.MILLISECONDS);
                }
            }
            published.increment(sent.size());
            if (sent.size() < claimed.size()) {
                unacknowledged.increment(claimed.size() - sent.size());
                LOG.warnf("Kafka did not acknowledge %d of %d segment lists; they are due again after %s",
                        claimed.size() - sent.size(), claimed.size(), config.lease());
            }
            return sent;
        });
    }
}
