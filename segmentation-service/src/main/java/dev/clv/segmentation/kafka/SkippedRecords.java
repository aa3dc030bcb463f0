package dev.clv.segmentation.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records a consumer leaves out, each with a warning and a count by topic and reason
 * ({@code segmentation.records.skipped}): one that cannot be read, whose payload names another tenant (or
 * customer) than its key, or that is about a customer erased since it was made. The key decides the tenant; a
 * payload that disagrees is never applied.
 */
@ApplicationScoped
public class SkippedRecords {
    private static final Logger LOG = Logger.getLogger(SkippedRecords.class);
    public static final String UNREADABLE = "unreadable";
    public static final String KEY_MISMATCH = "key_mismatch";
    /** A readable record holding what the database refuses to store (a NUL character, say). */
    public static final String REFUSED = "refused";
    /** A record about an erased customer, produced at or before the erase (a replay or a record in flight). */
    public static final String ERASED = "erased";
    private final MeterRegistry registry;

    public SkippedRecords(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A customer's row of a batch the database refused: left out, so the batch's other rows are kept. */
    public void skipRow(String topic, String tenant, String sqlState) {
        registry.counter("segmentation.records.skipped", "topic", topic, "reason", REFUSED).increment();
        LOG.warnf("Skipping a %s row of tenant %s the database refuses (SQLSTATE %s)", topic, tenant, sqlState);
    }

    /** Customers of a batch whose records were left out because they were erased after those records were made. */
    public void skipErased(String topic, String tenant, int customers) {
        registry.counter("segmentation.records.skipped", "topic", topic, "reason", ERASED).increment(customers);
        LOG.infof("Skipping %s records of %d erased customers of tenant %s", topic, customers, tenant);
    }

    public void skip(ConsumerRecord<String, byte[]> r, String reason, String detail) {
        registry.counter("segmentation.records.skipped", "topic", r.topic(), "reason", reason).increment();
        LOG.warnf("Skipping record %s-%d@%d (%s): %s", r.topic(), r.partition(), r.offset(), reason, detail);
    }
}
