package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.SaslSslKafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service against a real broker that speaks only SASL_SSL with SCRAM-SHA-512 (as Strimzi's do in deploy/), its
 * security given as Quarkus' kafka.* settings (KAFKA_* in deploy/): Quarkus' health check, the producers and the
 * consumers the service builds itself (contracts' KafkaSecurity) all authenticate over TLS; a wrong password is
 * refused by the broker.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SaslSslKafkaResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class KafkaOverSaslSslTest {
    @Inject
    KafkaProducers producers;

    @Inject
    KafkaConsumers consumers;

    @Test
    void theHealthCheckTheProducersAndTheConsumersAllAuthenticateOverTls() throws Exception {
        Map<String, Object> props = producers.properties("test");
        assertEquals(SaslSslKafkaResource.clientConfig().get("kafka.bootstrap.servers"), props.get(
                "bootstrap.servers"), "only the SASL_SSL listener is known to the service");
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        // the privacy consumer is up, and Quarkus' own Kafka check reached the broker
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
        List<String> got = new CopyOnWriteArrayList<>();
        BatchConsumer consumer = consumers.start(new BatchConsumer.Options("sasl-check", "sasl-check", List.of(
                "sasl-check"), 1, 10), batch -> {
                    batch.forEach(r -> got.add(new String(r.value(), StandardCharsets.UTF_8)));
                    return CompletableFuture.completedFuture(null);
                });
        try (KafkaProducer<String, byte[]> producer = producers.create("sasl-check")) {
            producer.send(new ProducerRecord<>("sasl-check", "k", "over TLS".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> got.contains("over TLS"));
        } finally {
            consumer.close();
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        Map<String, Object> props = new HashMap<>(producers.properties("wrong-password"));
        props.put("sasl.jaas.config", SaslSslKafkaResource.jaas(SaslSslKafkaResource.USER, "not-the-password"));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>("sasl-check", "k", new byte[1])).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), refused.toString());
        } catch (Exception e) {
            // a refused login may also surface when the producer first asks for metadata
            assertInstanceOf(SaslAuthenticationException.class, e.getCause() == null ? e : e.getCause(),
                    e.toString());
        }
    }
}
