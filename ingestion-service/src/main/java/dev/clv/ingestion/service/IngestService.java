package dev.clv.ingestion.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.IngestResult;
import dev.clv.ingestion.ParsedRow;
import dev.clv.ingestion.config.IngestionConfig;
import dev.clv.ingestion.messaging.EventPublisher;
import dev.clv.ingestion.messaging.ProjectionWatcher;
import dev.clv.ingestion.repository.QuarantineRepository;

/**
 * One write request end to end: parse, validate, quarantine the rejects, publish the rest, and only then answer.
 * Rejected rows are stored before any row is published, so a failure leaves nothing half-applied to report.
 */
@ApplicationScoped
public class IngestService {
    private final RowParser parser;
    private final RowValidator validator;
    private final QuarantineRepository quarantine;
    private final EventPublisher publisher;
    private final ProjectionWatcher watcher;
    private final IngestionConfig config;

    public IngestService(RowParser parser, RowValidator validator, QuarantineRepository quarantine,
            EventPublisher publisher, ProjectionWatcher watcher, IngestionConfig config) {
        this.parser = parser;
        this.validator = validator;
        this.quarantine = quarantine;
        this.publisher = publisher;
        this.watcher = watcher;
        this.config = config;
    }

    public IngestResult ingest(String tenant, DataSource source, byte[] body, boolean wait) {
        Instant now = Instant.now();
        List<ParsedRow> rows = parser.parse(body,
                (row, raw, node) -> validator.validate(source, tenant, now, row, raw, node));
        if (rows.size() > config.maxRows()) {
            throw new ProblemException(dev.clv.contracts.problem.Problem.of(413, "Content Too Large",
                    "A request may carry at most " + config.maxRows() + " rows; this one has " + rows.size() + "."));
        }
        List<ParsedRow> rejected = rows.stream().filter(r -> !r.isAccepted()).toList();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(rows.size() - rejected.size());
        for (ParsedRow row : rows) {
            if (row.isAccepted()) {
                records.add(new ProducerRecord<>(source.topic(), Topics.key(tenant, row.customerId()),
                        EventJson.write(row.event())));
            }
        }
        quarantine.keep(tenant, source.apiName(), rejected).await().atMost(config.publishTimeout());
        List<RecordMetadata> acks = records.isEmpty() ? List.of() : publisher.publishAll(records);
        List<FieldError> errors = rejected.stream().limit(config.maxReportedErrors())
                .map(r -> new FieldError(r.field(), r.reason(), r.row())).toList();
        Boolean queryable = wait ? awaitQueryable(acks) : null;
        return new IngestResult(records.size(), rejected.size(), errors, queryable);
    }

    private boolean awaitQueryable(List<RecordMetadata> acks) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (RecordMetadata ack : acks) {
            last.merge(new TopicPartition(ack.topic(), ack.partition()), ack.offset(), Math::max);
        }
        try {
            return last.isEmpty() || watcher.awaitProjected(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
