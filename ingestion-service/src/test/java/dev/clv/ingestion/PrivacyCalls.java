package dev.clv.ingestion;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

import dev.clv.contracts.event.EventJson;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.restassured.response.ValidatableResponse;

/** What the privacy tests share: calls of the privacy API, records as other services write them, SQL checks. */
final class PrivacyCalls {
    private PrivacyCalls() {
    }

    static String token(String tenant) {
        return OidcResource.token(tenant, "privacy:write");
    }

    static ValidatableResponse post(String tenant, String body) {
        return given().auth().oauth2(token(tenant)).contentType("application/json").body(body)
                .post("/v1/privacy/requests").then();
    }

    /** Makes a request and answers its id. */
    static String request(String tenant, String type, String... customers) {
        String ids = String.join(",", java.util.Arrays.stream(customers).map(c -> "\"" + c + "\"").toList());
        return post(tenant, "{\"type\":\"" + type + "\",\"customer_ids\":[" + ids + "]}").statusCode(202)
                .extract().path("id");
    }

    static ValidatableResponse get(String tenant, String path) {
        return given().auth().oauth2(token(tenant)).get("/v1/privacy/requests" + path).then();
    }

    /** Waits until {@code service}'s part of the request shows {@code status}. */
    static void awaitService(String tenant, String id, String service, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> status
                .equals(get(tenant, "/" + id).extract().path("services." + service + ".status")));
    }

    static void awaitStatus(String tenant, String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(get(tenant, "/" + id).extract().path("status")));
    }

    /** The partition the default partitioner gives {@code key} on a topic of the test broker (3 partitions). */
    static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
    }

    /** Sends {@code value} (as the contracts write it) with {@code key}; on {@code partition} when not null. */
    static void publish(String topic, Integer partition, String key, Object value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            byte[] bytes = value instanceof byte[] raw ? raw : EventJson.write(value);
            producer.send(new ProducerRecord<>(topic, partition, key, bytes)).get();
        }
    }

    /** The first column of the first row of {@code sql}, a count or a value. */
    static Object query(String sql, Object... args) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }

    static long count(String sql, Object... args) throws Exception {
        return ((Number) query(sql, args)).longValue();
    }
}
