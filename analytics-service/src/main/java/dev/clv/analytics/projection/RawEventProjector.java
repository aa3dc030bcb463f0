package dev.clv.analytics.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.clv.analytics.projection.profile.ProfileChanges;
import dev.clv.analytics.projection.profile.ProfileSnapshots;
import dev.clv.analytics.projection.store.ProjectionRepository;
import dev.clv.contracts.Topics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Consumes the raw topics in batches and projects each batch in one database transaction; the batch is acked,
 * and its offsets committed, only after that commit and after its dead letters and profile changes are
 * acknowledged by Kafka. A record that cannot be read, or whose values the database refuses, goes to the dead-letter
 * topic with the reason, and the rest of the batch is stored; each touched customer's profile change carries its
 * state read after the commit: one poison message never stops the projection. Any
 * other failure (the database down, a broken statement) is retried with backoff and dead-letters nothing.
 */
@ApplicationScoped
public class RawEventProjector {
    private static final Logger LOG = Logger.getLogger(RawEventProjector.class);
    private final ProjectionRepository repository;
    private final ProjectionPublisher publisher;
    private final RawRecordReader reader;
    private final ProfileSnapshots snapshots;
    // where a batch's time goes (freshness is the sum): its database transaction, then the Kafka acks of its
    // dead letters and profile changes
    private final Timer storing;
    private final Timer publishing;
    private final DistributionSummary sizes;

    public RawEventProjector(ProjectionRepository repository, ProjectionPublisher publisher, RawRecordReader reader,
            ProfileSnapshots snapshots, MeterRegistry registry) {
        this.repository = repository;
        this.publisher = publisher;
        this.reader = reader;
        this.snapshots = snapshots;
        this.storing = Timer.builder("projection.batch.store").description("A batch's database transaction")
                .register(registry);
        this.publishing = Timer.builder("projection.batch.publish")
                .description("Acknowledgement of a batch's dead letters and profile changes by Kafka")
                .register(registry);
        this.sizes = DistributionSummary.builder("projection.batch.records").description("Records per batch")
                .register(registry);
    }

    @Incoming("raw-events")
    public Uni<Void> project(ConsumerRecords<String, byte[]> records) {
        ProjectionBatch batch = new ProjectionBatch();
        List<ConsumerRecord<String, byte[]>> readable = new ArrayList<>(records.count());
        List<ProducerRecord<String, byte[]>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                reader.addTo(batch, record);
                readable.add(record);
            } catch (RuntimeException e) {
                dead.add(deadLetter(record, e));
            }
        }
        sizes.record(records.count());
        long started = System.nanoTime();
        long[] stored = new long[1];
        return repository.apply(batch)
                // an outage or a bug in our own SQL is no reason to dead-letter good rows: wait and try again
                .onFailure(e -> !isDataError(e)).invoke(e -> LOG.errorf("Projecting a batch failed (%s); retrying",
                        e.toString()))
                .onFailure(e -> !isDataError(e)).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .indefinitely()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("A batch of %d records failed (%s); storing them one by one to isolate the bad ones",
                            readable.size(), e.getMessage());
                    return oneByOne(readable, dead);
                })
                .invoke(() -> stored[0] = System.nanoTime())
                .chain(() -> Uni.createFrom().completionStage(() -> publisher.sendAll(dead)))
                .chain(() -> snapshots.read(batch.touched().keySet(), Instant.now()).onFailure().retry()
                        .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely())
                .chain(states -> Uni.createFrom()
                        .completionStage(() -> publisher.sendAll(ProfileChanges.records(batch.touched(), states))))
                .invoke(() -> {
                    storing.record(stored[0] - started, TimeUnit.NANOSECONDS);
                    publishing.record(System.nanoTime() - stored[0], TimeUnit.NANOSECONDS);
                });
    }

    private Uni<Void> oneByOne(List<ConsumerRecord<String, byte[]>> records,
            List<ProducerRecord<String, byte[]>> dead) {
        return Multi.createFrom().iterable(records).onItem().transformToUniAndConcatenate(record -> {
            ProjectionBatch single = new ProjectionBatch();
            reader.addTo(single, record);
            // records are applied one after another (concatenated), so the list is never touched concurrently
            return repository.apply(single).onFailure(RawEventProjector::isDataError).recoverWithItem(e -> {
                dead.add(deadLetter(record, e));
                return null;
            });
        }).collect().last().replaceWithVoid();
    }

    /** A row the database refuses for what it holds (SQLSTATE class 22 or 23), as opposed to an outage. */
    static boolean isDataError(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("22")
                || pg.getSqlState().startsWith("23"));
    }

    private static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, Throwable e) {
        LOG.warnf("Dead letter from %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.toString());
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS, record.key(),
                record.value());
        letter.headers().add("dlq-reason", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8))
                .add("dlq-exception", e.getClass().getName().getBytes(StandardCharsets.UTF_8))
                .add("dlq-topic", record.topic().getBytes(StandardCharsets.UTF_8))
                .add("dlq-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("dlq-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        return letter;
    }
}
