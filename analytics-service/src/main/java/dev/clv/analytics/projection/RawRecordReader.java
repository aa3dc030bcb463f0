package dev.clv.analytics.projection;

import java.time.Instant;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.clv.analytics.projection.privacy.ErasureGuards;
import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.event.TransactionEvent;

/**
 * Reads a raw record for a batch, refusing (with {@link Unreadable}) one that cannot be read, lacks what its table
 * requires, or names another tenant than its key does: the key, which the producing service sets from the caller's
 * token, decides the tenant.
 */
@ApplicationScoped
public class RawRecordReader {
    /** Why a record cannot be projected, in words fit for the data's owner. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A record read: the tenant and customer it is about (none for a product), when it was produced, which the
     * erasure guards compare (the earlier of its Kafka timestamp and the time it carries: ingested, scored, changed;
     * so a list of segments read before an erase and published after it still counts as older), and how it goes
     * into a batch.
     */
    public record Read(String tenant, String customerId, long producedAt, Consumer<ProjectionBatch> into)
            implements
                ErasureGuards.Guarded {
    }

    public Read read(ConsumerRecord<String, byte[]> record) {
        CustomerKey key;
        try {
            key = CustomerKey.parse(record.key());
        } catch (IllegalArgumentException e) {
            throw new Unreadable("the record has no tenant and customer key");
        }
        try {
            return read(record, key);
        } catch (Unreadable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Unreadable("the record is not a valid " + record.topic() + " event");
        }
    }

    private Read read(ConsumerRecord<String, byte[]> record, CustomerKey key) {
        String keyTenant = key.tenant();
        return switch (record.topic()) {
            case Topics.CUSTOMERS -> {
                CustomerEvent e = EventJson.read(record.value(), CustomerEvent.class);
                require(keyTenant, e.tenantId(), e.customerId(), e.ingestedAt());
                yield new Read(keyTenant, e.customerId(), at(record, e.ingestedAt()), b -> b.add(e));
            }
            case Topics.TRANSACTIONS -> {
                TransactionEvent e = EventJson.read(record.value(), TransactionEvent.class);
                require(keyTenant, e.tenantId(), e.transactionId(), e.customerId(), e.transactionDate(), e.amount(),
                        e.ingestedAt());
                yield new Read(keyTenant, e.customerId(), at(record, e.ingestedAt()), b -> b.add(e));
            }
            case Topics.INTERACTIONS -> {
                InteractionEvent e = EventJson.read(record.value(), InteractionEvent.class);
                require(keyTenant, e.tenantId(), e.interactionId(), e.customerId(), e.interactionDate(),
                        e.ingestedAt());
                yield new Read(keyTenant, e.customerId(), at(record, e.ingestedAt()), b -> b.add(e));
            }
            case Topics.PRODUCTS -> {
                ProductEvent e = EventJson.read(record.value(), ProductEvent.class);
                require(keyTenant, e.tenantId(), e.productId(), e.ingestedAt());
                yield new Read(keyTenant, null, at(record, e.ingestedAt()), b -> b.add(e));
            }
            case Topics.EVENTS -> {
                BehaviouralEvent e = EventJson.read(record.value(), BehaviouralEvent.class);
                require(keyTenant, e.tenantId(), e.eventId(), e.customerId(), e.eventType(), e.timestamp(),
                        e.ingestedAt());
                yield new Read(keyTenant, e.customerId(), at(record, e.ingestedAt()), b -> b.add(e));
            }
            case Topics.SCORES -> {
                CustomerScore e = EventJson.read(record.value(), CustomerScore.class);
                require(keyTenant, e.tenantId(), e.customerId(), e.modelId(), e.scoredAt());
                yield new Read(keyTenant, e.customerId(), at(record, e.scoredAt()), b -> b.add(e));
            }
            case Topics.SEGMENT_MEMBERSHIPS -> {
                SegmentMemberships e = EventJson.read(record.value(), SegmentMemberships.class);
                require(keyTenant, e.tenantId(), e.customerId(), e.segmentIds(), e.changedAt());
                // the list replaces the customer's whole membership: it must be that customer's, and complete
                if (!key.customerId().equals(e.customerId())) {
                    throw new Unreadable("the record's customer differs from its key's");
                }
                if (e.segmentIds().contains(null)) {
                    throw new Unreadable("a segment id is missing");
                }
                yield new Read(keyTenant, e.customerId(), at(record, e.changedAt()), b -> b.add(e));
            }
            default -> throw new Unreadable("no projection reads topic " + record.topic());
        };
    }

    private static long at(ConsumerRecord<String, byte[]> record, Instant stamped) {
        return Math.min(record.timestamp(), stamped.toEpochMilli());
    }

    private static void require(String keyTenant, String tenant, Object... values) {
        if (!keyTenant.equals(tenant)) {
            throw new Unreadable("the record's tenant differs from its key's");
        }
        for (Object value : values) {
            if (value == null) {
                throw new Unreadable("a required field is missing");
            }
        }
    }
}
