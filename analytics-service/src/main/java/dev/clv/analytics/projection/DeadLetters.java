package dev.clv.analytics.projection;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.pgclient.PgException;

/**
 * Turns a raw record the projection cannot store into a dead letter: the record as it came, with where it came from
 * and a reason that names no database internals (the SQLSTATE only), since the owner of the data reads it.
 */
final class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final MeterRegistry registry;

    DeadLetters(MeterRegistry registry) {
        this.registry = registry;
        // every topic's series exists from the start, at zero, so that an alert's increase() sees the first letter
        RawEventProjector.TOPICS.forEach(topic -> counter(topic));
    }

    private Counter counter(String topic) {
        return Counter.builder("projection.dead_letters").tag("topic", topic)
                .description("Raw records sent to the dead-letter topic").register(registry);
    }

    /**
     * A row the database refuses for what it holds (SQLSTATE class 22 data exception, 23 integrity, 54 program
     * limit such as an index entry too large), as opposed to an outage: it is isolated and dead-lettered, where
     * anything else is retried, since retrying a row that cannot fit would stall the projection for every tenant.
     */
    static boolean isDataError(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("22")
                || pg.getSqlState().startsWith("23") || pg.getSqlState().startsWith("54"));
    }

    ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> record, Throwable e) {
        String reason = e instanceof PgException pg
                ? "the database refused a value of this row (SQLSTATE " + pg.getSqlState() + ")"
                : e instanceof RawRecordReader.Unreadable u ? u.getMessage() : "the record cannot be read";
        LOG.warnf("Dead letter from %s-%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(), reason,
                e.getClass().getSimpleName());
        counter(record.topic()).increment();
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS, record.key(),
                record.value());
        letter.headers().add("dlq-reason", bytes(reason)).add("dlq-topic", bytes(record.topic()))
                .add("dlq-partition", bytes(Integer.toString(record.partition())))
                .add("dlq-offset", bytes(Long.toString(record.offset())));
        return letter;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
