package dev.clv.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.privacy.CustomerHash;
import dev.clv.ingestion.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads the analytics projection's dead letters: each is kept for its tenant (from the record key, as every
 * consumer takes it) to see, replay or discard, and its row's dedup claim is released, so that a corrected resend
 * is accepted instead of counted as a duplicate of a row that was never stored. A letter of a row ingested before
 * its customer's erase is dropped (docs/privacy.md).
 */
@ApplicationScoped
public class DeadLetterConsumer {
    static final String GROUP = "ingestion-dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);
    private final DeadLetterRepository letters;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public DeadLetterConsumer(DeadLetterRepository letters, ObjectMapper json, MeterRegistry registry) {
        this.letters = letters;
        this.json = json;
        this.registry = registry;
    }

    void start(@Observes StartupEvent started, KafkaConsumers consumers) {
        consumers.start(new BatchConsumer.Options(GROUP, GROUP, List.of(Topics.ANALYTICS_DEAD_LETTERS), 1, 500),
                this::store);
    }

    CompletionStage<Void> store(ConsumerRecords<String, byte[]> batch) {
        List<DeadLetterRepository.Incoming> incoming = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, byte[]> r : batch) {
            DeadLetterRepository.Incoming letter = read(r);
            if (letter != null) {
                incoming.add(letter);
                registry.counter("ingestion.dead_letters", "source", letter.source()).increment();
            }
        }
        // a letter the database refuses (a NUL in its key, say) is skipped alone, so the others are still kept
        return letters.store(incoming).onFailure(DeadLetterRepository::refused)
                .recoverWithUni(e -> letters.storeEach(incoming)).subscribeAsCompletionStage();
    }

    private DeadLetterRepository.Incoming read(ConsumerRecord<String, byte[]> r) {
        CustomerKey key;
        try {
            key = CustomerKey.parse(r.key());
        } catch (IllegalArgumentException e) {
            LOG.warnf("A dead letter without a tenant key at %d@%d was skipped", r.partition(), r.offset());
            return null;
        }
        String topic = header(r, "dlq-topic", "unknown");
        DataSource source = DataSource.byTopic(topic).orElse(null);
        JsonNode row = tree(r.value());
        OffsetDateTime deadAt = OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.timestamp()), ZoneOffset.UTC);
        String customer = source == DataSource.PRODUCTS ? null : customer(key.customerId());
        return new DeadLetterRepository.Incoming(key.tenant(), source == null ? topic : source.apiName(),
                rowId(source, row), r.key(), r.value(), header(r, "dlq-reason", "not given"), topic,
                (int) number(header(r, "dlq-partition", null), -r.partition() - 1),
                number(header(r, "dlq-offset", null),
                        -r.offset() - 1),
                deadAt, customer, customer == null ? null : CustomerHash.of(key.tenant(), customer),
                ingestedAt(row, deadAt));
    }

    // the key names the customer (products: a product); one no privacy request could name is kept unnamed
    private static String customer(String id) {
        return id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > 256 ? null : id;
    }

    // when the row first reached us, for the erasure guard (a row ingested before its customer's erase is not
    // stored again); the letter's own time when the record does not say
    private static OffsetDateTime ingestedAt(JsonNode row, OffsetDateTime fallback) {
        JsonNode at = row == null ? null : row.get("ingestedAt");
        try {
            return at == null || !at.isTextual() ? fallback : OffsetDateTime.parse(at.textValue());
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }

    // a header that is not a number (a letter not written by the projection) must not stop the reader: a letter
    // without its origin is still kept, under coordinates of its own (minus its place on the dead-letter topic)
    private static long number(String text, long fallback) {
        try {
            return text == null ? fallback : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String rowId(DataSource source, JsonNode row) {
        if (source == null || source.rowIdField() == null || row == null) {
            return null;
        }
        JsonNode id = row.get(source.rowIdField());
        return id == null || !id.isTextual() ? null : id.textValue();
    }

    private JsonNode tree(byte[] value) {
        try {
            JsonNode row = json.readTree(value);
            return row != null && row.isObject() ? row : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }
}
