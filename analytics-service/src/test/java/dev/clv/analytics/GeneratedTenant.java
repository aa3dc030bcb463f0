package dev.clv.analytics;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.Dataset;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * One tenant loaded once per test JVM with 300 generated customers and their rows, delivered through Kafka
 * shuffled (late rows), a tenth of the transactions twice (redeliveries) and one unreadable record among them (a
 * poison message, which must land on the dead-letter topic without stopping the rest).
 */
final class GeneratedTenant {
    static final String TENANT = "pipes-" + UUID.randomUUID();
    static final Dataset DATA = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(300, 5));
    static final ReferenceAnalytics REF = new ReferenceAnalytics(DATA);
    private static boolean loaded;

    private GeneratedTenant() {
    }

    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        loaded = true;
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        DATA.customers().forEach(c -> records.add(record(Topics.CUSTOMERS, c.customerId(), new CustomerEvent(TENANT,
                c.customerId(), c.registrationDate(), c.country(), c.city(), c.age(), c.gender(),
                c.acquisitionSource(), c.segment(), c.isActive(), null, null, c.loyaltyTier(), null, now))));
        List<ProducerRecord<String, byte[]>> transactions = new ArrayList<>();
        DATA.transactions().forEach(t -> transactions.add(record(Topics.TRANSACTIONS, t.customerId(),
                new TransactionEvent(TENANT, t.transactionId(), t.customerId(), t.transactionDate(), t.amount(),
                        t.currency(), t.productId(), t.productCategory(), t.transactionType(), t.paymentMethod(),
                        t.isRefund(), t.channel(), null, now))));
        records.addAll(transactions);
        records.addAll(transactions.subList(0, transactions.size() / 10));
        DATA.interactions().forEach(i -> records.add(record(Topics.INTERACTIONS, i.customerId(),
                new InteractionEvent(TENANT, i.interactionId(), i.customerId(), i.interactionDate(),
                        i.interactionType(), i.channel(), i.durationSeconds(), i.satisfactionScore(), null, now))));
        Collections.shuffle(records, new Random(3));
        records.add(records.size() / 2, new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(TENANT, "poison"),
                "{\"not\": a json".getBytes()));
        // readable, but PostgreSQL refuses a NUL in text (SQLSTATE 22021): only this row may be dead-lettered
        records.add(records.size() / 3, record(Topics.TRANSACTIONS, "refused", new TransactionEvent(TENANT, "refused-1",
                "refused", now, java.math.BigDecimal.ONE, "USD", "bad\u0000id", null, "purchase", "card", false, "web",
                null, now)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
        }
        long purchases = DATA.transactions().stream().filter(t -> !t.isRefund()).count();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath page = pipe("customer_ltv", "limit=10000");
            return page.getInt("rows") == DATA.customers().size()
                    && page.getList("data.transaction_count", Integer.class).stream().mapToLong(i -> i)
                            .sum() == purchases
                    && get("/v1/customers?limit=1000").getList("data.interaction_count", Integer.class).stream()
                            .mapToLong(i -> i).sum() == DATA.interactions().size();
        });
        // and the whole-tenant snapshots (refreshed every second here) taken of all of it, so that an answer asked
        // without parameters is the complete one: a run that began after the last batch committed records the
        // tenant's current version (a run begun before it, even one that ended after it, records an older one)
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                    dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                    java.sql.PreparedStatement q = db.prepareStatement("SELECT s.version = w.version FROM "
                            + "analytics.snapshot_runs s JOIN analytics.projection_watermarks w USING (tenant_id) "
                            + "WHERE tenant_id = ?")) {
                q.setString(1, TENANT);
                java.sql.ResultSet r = q.executeQuery();
                return r.next() && r.getBoolean(1);
            }
        });
    }

    static JsonPath pipe(String name, String query) {
        return given().auth().oauth2(token()).get("/v0/pipes/" + name + ".json" + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    static JsonPath get(String path) {
        return given().auth().oauth2(token()).get(path).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    static String token() {
        return OidcResource.token(TENANT, "analytics:read");
    }

    static ProducerRecord<String, byte[]> record(String topic, String customer, Object event) {
        return new ProducerRecord<>(topic, Topics.key(TENANT, customer), EventJson.write(event));
    }
}
