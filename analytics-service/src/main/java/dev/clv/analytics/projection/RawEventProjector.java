package dev.clv.analytics.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.clv.analytics.projection.profile.ProfileChanges;
import dev.clv.analytics.projection.profile.ProfileSnapshots;
import dev.clv.analytics.projection.store.ProjectionRepository;
import dev.clv.analytics.shared.AnalyticsRoles;
import dev.clv.contracts.Topics;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.tracing.RecordTraces;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Consumes the raw topics in batches and projects each batch in one database transaction; its offsets are
 * committed only after that commit and after its dead letters and profile changes are acknowledged by Kafka. A
 * record that cannot be read, or whose values the database refuses, goes to the dead-letter topic with the reason,
 * and the rest of the batch is stored; each touched customer's profile change carries its state read after the
 * commit: one poison message never stops the projection. Any other failure (the database or Kafka away, a broken
 * statement) fails the batch, and the consumer starts again from its committed offsets after a backoff: the batch
 * is projected again, which changes nothing already stored, and its announcements are sent again.
 */
@ApplicationScoped
public class RawEventProjector {
    /**
     * Every raw topic (so that wait=true works for each data source), the prediction service's scores and the
     * segmentation service's memberships.
     */
    static final List<String> TOPICS = List.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS,
            Topics.PRODUCTS, Topics.EVENTS, Topics.SCORES, Topics.SEGMENT_MEMBERSHIPS);
    static final String GROUP = "analytics-projector";
    private static final Logger LOG = Logger.getLogger(RawEventProjector.class);
    private final ProjectionRepository repository;
    private final ProjectionPublisher publisher;
    private final RawRecordReader reader;
    private final ProfileSnapshots snapshots;
    private final DeadLetters deadLetters;
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
        this.deadLetters = new DeadLetters(registry);
        this.storing = Timer.builder("projection.batch.store").description("A batch's database transaction")
                .register(registry);
        this.publishing = Timer.builder("projection.batch.publish")
                .description("Acknowledgement of a batch's dead letters and profile changes by Kafka")
                .register(registry);
        this.sizes = DistributionSummary.builder("projection.batch.records").description("Records per batch")
                .register(registry);
    }

    /**
     * Starts the projector's consumers when this process has the projection role: several members, each its own
     * consumer in the group. Records are keyed by tenant and customer and the raw topics have equal partition
     * counts, so a customer's rows of every kind meet in one member; only tenant-wide rollup rows are shared.
     */
    void start(@Observes StartupEvent started, AnalyticsRoles roles, KafkaConsumers consumers,
            @ConfigProperty(name = "analytics.projection.consumers") int members,
            @ConfigProperty(name = "analytics.projection.max-batch") int maxBatch) {
        if (roles.projection()) {
            consumers.start(new BatchConsumer.Options(GROUP, GROUP, TOPICS, members, maxBatch), this::project);
        }
    }

    CompletionStage<Void> project(ConsumerRecords<String, byte[]> records) {
        return projectBatch(records).subscribeAsCompletionStage();
    }

    private Uni<Void> projectBatch(ConsumerRecords<String, byte[]> records) {
        // the batch's span, current only now (on the consumer's thread): what the batch publishes continues it
        Context trace = Context.current();
        List<RawRecordReader.Read> readable = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        List<ProducerRecord<String, byte[]>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                readable.add(reader.read(record));
                sources.add(record);
            } catch (RuntimeException e) {
                dead.add(deadLetters.of(record, e));
            }
        }
        sizes.record(records.count());
        long started = System.nanoTime();
        long[] stored = new long[1];
        return repository.apply(readable)
                // only a row the database refuses is isolated; any other failure fails the batch, to be retried
                .onFailure(DeadLetters::isDataError).recoverWithUni(e -> {
                    LOG.warnf("A batch of %d records holds a row the database refuses; storing them one by one to "
                            + "isolate it", readable.size());
                    return oneByOne(readable, sources, dead);
                })
                .invoke(() -> stored[0] = System.nanoTime())
                .call(() -> Uni.createFrom().completionStage(() -> publisher.sendAll(dead)))
                // the customers of the records really projected: a record about an erased customer announces nothing
                .chain(batch -> snapshots.read(batch.touched().keySet(), Instant.now()).chain(states -> Uni
                        .createFrom()
                        .completionStage(() -> publisher.sendAll(traced(ProfileChanges.records(batch.touched(),
                                states), trace)))))
                .invoke(() -> {
                    storing.record(stored[0] - started, TimeUnit.NANOSECONDS);
                    publishing.record(System.nanoTime() - stored[0], TimeUnit.NANOSECONDS);
                });
    }

    private static List<ProducerRecord<String, byte[]>> traced(List<ProducerRecord<String, byte[]>> records,
            Context trace) {
        records.forEach(r -> RecordTraces.inject(trace, r.headers()));
        return records;
    }

    // each record in a transaction of its own; answers the batch of the customers' records stored (for their
    // profile changes)
    private Uni<ProjectionBatch> oneByOne(List<RawRecordReader.Read> records,
            List<ConsumerRecord<String, byte[]>> sources, List<ProducerRecord<String, byte[]>> dead) {
        List<RawRecordReader.Read> stored = new ArrayList<>(records.size());
        return Multi.createFrom().range(0, records.size()).onItem().transformToUniAndConcatenate(i -> repository
                .apply(List.of(records.get(i)))
                // records are applied one after another (concatenated), so the lists are never touched concurrently
                .invoke(single -> {
                    if (!single.touched().isEmpty()) {
                        stored.add(records.get(i));
                    }
                }).replaceWithVoid().onFailure(DeadLetters::isDataError).recoverWithItem(e -> {
                    dead.add(deadLetters.of(sources.get(i), e));
                    return null;
                })).collect().last().map(done -> ProjectionBatch.of(stored));
    }
}
