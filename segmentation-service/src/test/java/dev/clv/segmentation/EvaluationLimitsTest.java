package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A tenant's segments may together bind more values than one PostgreSQL statement takes (65,535); live evaluation
 * splits them and stays exact. A tenant has at most 200 segments.
 */
@QuarkusTest
@WithPlatformInfrastructure
class EvaluationLimitsTest {
    private static final int SEGMENTS = 130;
    private static final int CUSTOMERS = 40;
    private static final int NEVER = 253; // conditions that match nobody, 2 bound values each: 256 nodes in all

    // segment k: customers whose index is a multiple of k % 7 + 2, or whose age is 20 + k % 40; built as an any of
    // a customer_id list (1 value), the age equality as a between (2 values) and 253 betweens no age reaches
    private static String criteria(int k) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            if (i % (k % 7 + 2) == 0) {
                ids.add("\"c" + i + "\"");
            }
        }
        StringBuilder any = new StringBuilder("{\"any\":[{\"field\":\"customer_id\",\"op\":\"in\",\"value\":")
                .append(ids).append("},{\"field\":\"age\",\"op\":\"between\",\"value\":[").append(20 + k % 40)
                .append(',').append(20 + k % 40).append("]}");
        for (int j = 0; j < NEVER; j++) {
            int age = 1000 + k * NEVER + j;
            any.append(",{\"field\":\"age\",\"op\":\"between\",\"value\":[").append(age).append(',').append(age)
                    .append("]}");
        }
        return any.append("]}").toString();
    }

    private static Set<String> expected(int k) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            if (i % (k % 7 + 2) == 0 || i == k % 40) { // customer i is 20 + i years old
                out.add("c" + i);
            }
        }
        return out;
    }

    @Test
    void segmentsBindingMoreValuesThanOneStatementTakesAreEvaluatedExactly() throws Exception {
        int values = SEGMENTS * (1 + 2 + 2 * NEVER) + 4;
        assertTrue(values > 65_535, values + " values: one statement could not bind them");
        Api api = Api.of("params-" + UUID.randomUUID());
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < SEGMENTS; k++) {
            index.put(api.segment("s" + k, criteria(k)), k);
        }
        // the customers arrive after the segments: the live consumer evaluates all 130 for each batch
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < CUSTOMERS; i++) {
                CustomerSnapshot aged = new CustomerSnapshot(null, "DE", null, 20 + i, null, null, null, null, true,
                        null, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null, 0, null, 0, 0, 0, 0, null, Map.of());
                producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, Topics.key(api.tenant(), "c" + i),
                        EventJson.write(new CustomerProfileChange(api.tenant(), "c" + i, List.of("age"), now, aged))));
            }
        }
        Map<Integer, Set<String>> want = new TreeMap<>();
        for (int k = 0; k < SEGMENTS; k++) {
            want.put(k, expected(k));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> memberships(api.tenant(), index).equals(want));
        assertEquals(want, memberships(api.tenant(), index));
        assertEquals(0, count("SELECT count(*) FROM segmentation.pending_evaluations WHERE tenant_id = ?",
                api.tenant()), "no evaluation failed");
    }

    @Test
    void aTenantHasAtMost200Segments() throws Exception {
        Api api = Api.of("many-" + UUID.randomUUID());
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement insert = db.prepareStatement("INSERT INTO segmentation.segments (id, tenant_id, "
                        + "name, criteria) VALUES (gen_random_uuid(), ?, ?, '{\"field\":\"age\",\"op\":\"gt\","
                        + "\"value\":1}')")) {
            for (int i = 0; i < 199; i++) {
                insert.setString(1, api.tenant());
                insert.setString(2, "s" + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String last = api.segment("the 200th", "{\"field\":\"age\",\"op\":\"gt\",\"value\":2}");
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body("{\"name\":\"one too many\",\"criteria\":{\"field\":\"age\",\"op\":\"gt\",\"value\":3}}")
                .post("/v1/segments").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("at most 200 segments"));
        // replacing one is not creating one
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body("{\"name\":\"the 200th\",\"criteria\":{\"field\":\"age\",\"op\":\"gt\",\"value\":4}}")
                .put("/v1/segments/" + last).then().statusCode(200);
        given().auth().oauth2(api.token()).delete("/v1/segments/" + last).then().statusCode(204);
        api.segment("room again", "{\"field\":\"age\",\"op\":\"gt\",\"value\":5}");
    }

    private static Map<Integer, Set<String>> memberships(String tenant, Map<String, Integer> index)
            throws Exception {
        Map<Integer, Set<String>> out = new TreeMap<>();
        index.values().forEach(k -> out.put(k, new TreeSet<>()));
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement q = db.prepareStatement("SELECT segment_id::text, customer_id FROM "
                        + "segmentation.memberships WHERE tenant_id = ? AND exited_at IS NULL")) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.get(index.get(r.getString(1))).add(r.getString(2));
                }
            }
        }
        return out;
    }

    static long count(String sql, String tenant) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
