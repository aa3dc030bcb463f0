package dev.clv.analytics.privacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.event.TransactionEvent;

/** One tenant's rows placed by hand, as records of the topics the projection reads, keyed as services key them. */
record PrivacyRows(String tenant) {
    ProducerRecord<String, byte[]> customer(String id, String registered, Map<String, Object> attributes) {
        return record(Topics.CUSTOMERS, id, new CustomerEvent(tenant, id, Instant.parse(registered), "FR", "Lyon",
                41, "f", "ads", "retail", true, id + "@example.com", "Name of " + id, "gold", attributes,
                Instant.now()));
    }

    ProducerRecord<String, byte[]> purchase(String id, String customer, String at, String amount) {
        return purchase(id, customer, at, amount, null);
    }

    ProducerRecord<String, byte[]> purchase(String id, String customer, String at, String amount, String product) {
        return record(Topics.TRANSACTIONS, customer, new TransactionEvent(tenant, id, customer, Instant.parse(at),
                new BigDecimal(amount), "USD", product, null, "purchase", "card", false, "web", null,
                Instant.now()));
    }

    ProducerRecord<String, byte[]> refund(String id, String customer, String at, String amount) {
        return refund(id, customer, at, amount, null);
    }

    ProducerRecord<String, byte[]> refund(String id, String customer, String at, String amount, String product) {
        return record(Topics.TRANSACTIONS, customer, new TransactionEvent(tenant, id, customer, Instant.parse(at),
                new BigDecimal(amount).negate(), "USD", product, null, "refund", "card", true, "web", null,
                Instant.now()));
    }

    ProducerRecord<String, byte[]> interaction(String id, String customer, String at) {
        return record(Topics.INTERACTIONS, customer, new InteractionEvent(tenant, id, customer, Instant.parse(at),
                "support_contact", "app", 120, 4, null, Instant.now()));
    }

    ProducerRecord<String, byte[]> event(String id, String customer, String at, Map<String, Object> properties) {
        return record(Topics.EVENTS, customer, new BehaviouralEvent(tenant, id, customer, "page_view",
                Instant.parse(at), "s-" + id, properties, Instant.now()));
    }

    ProducerRecord<String, byte[]> score(String customer, String predictedClv) {
        return record(Topics.SCORES, customer, new CustomerScore(tenant, customer, "m-1", 3,
                new BigDecimal(predictedClv), 0.75, 2.5, 12, Instant.parse("2024-05-01T00:00:00Z")));
    }

    ProducerRecord<String, byte[]> memberships(String customer, String... segments) {
        return record(Topics.SEGMENT_MEMBERSHIPS, customer, new SegmentMemberships(tenant, customer,
                List.of(segments), Instant.parse("2024-05-02T00:00:00Z")));
    }

    private ProducerRecord<String, byte[]> record(String topic, String customer, Object event) {
        return new ProducerRecord<>(topic, Topics.key(tenant, customer), EventJson.write(event));
    }
}
