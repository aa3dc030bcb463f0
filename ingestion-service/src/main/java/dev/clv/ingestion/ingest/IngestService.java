package dev.clv.ingestion.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.tenant.TenantSettings;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.config.IngestionConfig;
import dev.clv.ingestion.ingest.row.ParsedRow;
import dev.clv.ingestion.ingest.row.RowParser;
import dev.clv.ingestion.ingest.row.RowValidator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One write request end to end. Rows of suppressed customers are dropped first: never quarantined, claimed or
 * published, only counted. The fields a tenant chose to pseudonymise are replaced in customers rows next, accepted
 * and rejected alike. Rejected rows are quarantined then. For append-only sources the row ids are
 * claimed in a transaction that stays open while Kafka acknowledges the new rows; ids Kafka refused are released
 * before it commits, so the answer, the claims and the topic always agree, and a retry is exactly right.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private final RowParser parser;
    private final RowValidator validator;
    private final TenantSettingsResolver tenants;
    private final RejectedRows quarantine;
    private final SuppressedCustomers suppressed;
    private final ProfilePseudonyms pseudonyms;
    private final SeenRowsRepository seen;
    private final Pool pool;
    private final EventPublisher publisher;
    private final ProjectionWatcher watcher;
    private final IngestionConfig config;

    public IngestService(RowParser parser, RowValidator validator, TenantSettingsResolver tenants,
            RejectedRows quarantine, SuppressedCustomers suppressed, ProfilePseudonyms pseudonyms,
            SeenRowsRepository seen, Pool pool, EventPublisher publisher, ProjectionWatcher watcher,
            IngestionConfig config) {
        this.parser = parser;
        this.validator = validator;
        this.tenants = tenants;
        this.quarantine = quarantine;
        this.suppressed = suppressed;
        this.pseudonyms = pseudonyms;
        this.seen = seen;
        this.pool = pool;
        this.publisher = publisher;
        this.watcher = watcher;
        this.config = config;
    }

    /** What went to Kafka: the rows sent, one outcome each (null = not acknowledged), and duplicates skipped. */
    private record Delivery(List<ParsedRow> sent, List<RecordMetadata> acks, int duplicates) {
    }

    /** The answer to a write before any wait, and the last offset its accepted rows took per partition. */
    public record Accepted(IngestResult result, Map<TopicPartition, Long> lastOffsets) {
    }

    public Accepted ingest(String tenant, DataSource source, byte[] body, IngestOptions options) {
        Instant now = Instant.now();
        TenantSettings settings = tenants.of(tenant);
        Instant latest = now.plus(config.maxFuture());
        List<ParsedRow> rows = parser.parse(body,
                (row, raw, node) -> validator.validate(source, tenant, settings, options.rules(), now, latest, row,
                        raw, node),
                options.maxRows());
        Duration bound = config.publishTimeout().multipliedBy(2);
        List<ParsedRow> rejected;
        int dropped;
        Delivery delivery;
        try {
            List<ParsedRow> kept = unsuppressed(tenant, rows);
            dropped = rows.size() - kept.size();
            if (source == DataSource.CUSTOMERS) {
                // every row is final here, accepted or rejected, whichever route sent it: the one place to do it
                kept = pseudonyms.apply(tenant, kept);
            }
            rejected = kept.stream().filter(r -> !r.isAccepted()).toList();
            List<ParsedRow> accepted = kept.stream().filter(ParsedRow::isAccepted).toList();
            if (options.quarantineRejects()) {
                quarantine.keep(tenant, source.apiName(), options.rules(), rejected).await().atMost(bound);
            }
            delivery = (source.rowIdField() == null
                    ? deliver(tenant, source, accepted, 0)
                    : deliverOnce(tenant, source, accepted)).await().atMost(bound);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf(e, "A write for tenant %s could not be stored", tenant);
            throw ProblemException.unavailable("The request could not be stored (" + e.getClass().getSimpleName()
                    + "); nothing from it was accepted and it is safe to send again.", 5);
        }
        List<RecordMetadata> acked = delivery.acks().stream().filter(a -> a != null).toList();
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < delivery.sent().size(); i++) {
            if (delivery.acks().get(i) == null) {
                failed.add(delivery.sent().get(i).row());
            }
        }
        if (!failed.isEmpty()) {
            throw new ProblemException(Problem.of(503, "Service Unavailable", "Kafka did not acknowledge "
                    + failed.size() + " row(s); they were not accepted. The others are durable and will count as "
                    + "duplicates if sent again.").with("successful_rows", acked.size())
                    .with("quarantined_rows", rejected.size()).with("duplicate_rows", delivery.duplicates())
                    .with("suppressed_rows", dropped).with("failed_rows", failed), 5);
        }
        List<FieldError> errors = rejected.stream().limit(config.maxReportedErrors())
                .map(r -> new FieldError(r.field(), r.reason(), r.row())).toList();
        return new Accepted(new IngestResult(acked.size(), rejected.size(), delivery.duplicates(), dropped, errors,
                Defaults.of(delivery.sent(), options.rules(), now), null, null), lastOffsets(acked));
    }

    // one lookup per request, and none at all for a tenant known to suppress no one
    private List<ParsedRow> unsuppressed(String tenant, List<ParsedRow> rows) {
        Set<String> drop = suppressed.among(tenant, rows.stream().map(ParsedRow::customerId)
                .filter(c -> c != null));
        return drop.isEmpty()
                ? rows
                : rows.stream().filter(r -> r.customerId() == null || !drop.contains(r.customerId())).toList();
    }

    /**
     * The answer once the accepted rows are queryable, or, when that takes longer than the configured bound, with
     * {@code queryable: false} and a status URL; no thread waits meanwhile.
     */
    public Uni<IngestResult> awaitQueryable(String tenant, Accepted accepted) {
        return Uni.createFrom().completionStage(() -> watcher.whenProjected(accepted.lastOffsets()))
                .map(queryable -> accepted.result().withWait(queryable, queryable
                        ? null
                        : "/v0/events/status/" + ProjectionWatcher.token(tenant, accepted.lastOffsets())));
    }

    private Uni<Delivery> deliverOnce(String tenant, DataSource source, List<ParsedRow> accepted) {
        if (accepted.isEmpty()) {
            return Uni.createFrom().item(new Delivery(List.of(), List.of(), 0));
        }
        // serialized here, on the worker thread, so the database callback below only filters and sends
        List<ProducerRecord<String, byte[]>> records = records(tenant, source, accepted);
        List<String> ids = accepted.stream().map(ParsedRow::rowId).toList();
        return pool.withTransaction(conn -> seen.claim(conn, tenant, source.apiName(), ids).chain(fresh -> {
            List<ParsedRow> first = new ArrayList<>(fresh.size());
            List<ProducerRecord<String, byte[]>> firstRecords = new ArrayList<>(fresh.size());
            for (int i = 0; i < accepted.size(); i++) {
                if (fresh.remove(accepted.get(i).rowId())) {
                    first.add(accepted.get(i));
                    firstRecords.add(records.get(i));
                }
            }
            return send(first, firstRecords, accepted.size() - first.size()).call(delivery -> {
                Set<String> refused = new HashSet<>();
                for (int i = 0; i < delivery.sent().size(); i++) {
                    if (delivery.acks().get(i) == null) {
                        refused.add(delivery.sent().get(i).rowId());
                    }
                }
                return seen.release(conn, tenant, source.apiName(), refused);
            });
        }));
    }

    private Uni<Delivery> deliver(String tenant, DataSource source, List<ParsedRow> rows, int duplicates) {
        return send(rows, records(tenant, source, rows), duplicates);
    }

    private static List<ProducerRecord<String, byte[]>> records(String tenant, DataSource source,
            List<ParsedRow> rows) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size());
        for (ParsedRow row : rows) {
            records.add(new ProducerRecord<>(source.topic(), Topics.key(tenant, row.key()),
                    EventJson.write(row.event())));
        }
        return records;
    }

    private Uni<Delivery> send(List<ParsedRow> rows, List<ProducerRecord<String, byte[]>> records, int duplicates) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new Delivery(List.of(), List.of(), duplicates));
        }
        return Uni.createFrom().completionStage(() -> publisher.sendAll(records))
                .map(acks -> new Delivery(rows, acks, duplicates));
    }

    private static Map<TopicPartition, Long> lastOffsets(List<RecordMetadata> acks) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (RecordMetadata ack : acks) {
            last.merge(new TopicPartition(ack.topic(), ack.partition()), ack.offset(), Math::max);
        }
        return last;
    }
}
