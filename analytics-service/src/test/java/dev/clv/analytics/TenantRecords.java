package dev.clv.analytics;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/** Rows placed by hand for one tenant, sent to the projector's topics as the producing services send them. */
final class TenantRecords {
    private final String tenant;

    TenantRecords(String tenant) {
        this.tenant = tenant;
    }

    CustomerEvent customer(String id, String registered, String segment, String tier, String name, String email) {
        return new CustomerEvent(tenant, id, registered == null ? null : Instant.parse(registered), "IN", "Mumbai",
                30, "f", "ads", segment, true, email, name, tier, null, Instant.now());
    }

    TransactionEvent purchase(String id, String customer, String at, String amount) {
        return new TransactionEvent(tenant, id, customer, Instant.parse(at), new BigDecimal(amount), "INR", null,
                null, "purchase", "card", false, "web", null, Instant.now());
    }

    TransactionEvent refund(String id, String customer, String at, String amount) {
        return new TransactionEvent(tenant, id, customer, Instant.parse(at), new BigDecimal(amount).negate(), "INR",
                null, null, "refund", "card", true, "web", null, Instant.now());
    }

    /** A purchase (or, with a negative amount, a refund) of a product, in USD. */
    TransactionEvent sale(String id, String customer, String product, String category, String at, String amount) {
        boolean refund = amount.startsWith("-");
        return new TransactionEvent(tenant, id, customer, Instant.parse(at), new BigDecimal(amount), "USD", product,
                category, refund ? "refund" : "purchase", "card", refund, "web", null, Instant.now());
    }

    ProductEvent product(String id, String name, String category, String cost) {
        return new ProductEvent(tenant, id, name, category, null, cost == null ? null : new BigDecimal(cost), "USD",
                null, "active", null, Instant.now());
    }

    InteractionEvent interaction(String id, String customer, String at, String type, String channel,
            Integer satisfaction) {
        return new InteractionEvent(tenant, id, customer, Instant.parse(at), type, channel, 60, satisfaction, null,
                Instant.now());
    }

    BehaviouralEvent event(String id, String customer, String type, String at, String session,
            Map<String, Object> properties) {
        return new BehaviouralEvent(tenant, id, customer, type, Instant.parse(at), session, properties,
                Instant.now());
    }

    SegmentMemberships memberships(String customer, String changedAt, String... segments) {
        return new SegmentMemberships(tenant, customer, java.util.List.of(segments), Instant.parse(changedAt));
    }

    /** A 200 answer's JSON, decimals exact. */
    static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    /** Sends each event to its topic, keyed by its tenant and customer. */
    void send(Object... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Object e : events) {
                producer.send(record(e));
            }
        }
    }

    static ProducerRecord<String, byte[]> record(Object e) {
        String[] topicAndKey;
        if (e instanceof CustomerEvent c) {
            topicAndKey = new String[]{Topics.CUSTOMERS, Topics.key(c.tenantId(), c.customerId())};
        } else if (e instanceof TransactionEvent t) {
            topicAndKey = new String[]{Topics.TRANSACTIONS, Topics.key(t.tenantId(), t.customerId())};
        } else if (e instanceof InteractionEvent i) {
            topicAndKey = new String[]{Topics.INTERACTIONS, Topics.key(i.tenantId(), i.customerId())};
        } else if (e instanceof BehaviouralEvent b) {
            topicAndKey = new String[]{Topics.EVENTS, Topics.key(b.tenantId(), b.customerId())};
        } else if (e instanceof ProductEvent p) {
            topicAndKey = new String[]{Topics.PRODUCTS, Topics.key(p.tenantId(), p.productId())};
        } else if (e instanceof SegmentMemberships m) {
            topicAndKey = new String[]{Topics.SEGMENT_MEMBERSHIPS, Topics.key(m.tenantId(), m.customerId())};
        } else {
            throw new IllegalArgumentException("no topic for " + e);
        }
        return new ProducerRecord<>(topicAndKey[0], topicAndKey[1], EventJson.write(e));
    }
}
