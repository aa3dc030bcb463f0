package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The Kafka client security settings of Quarkus' configuration (as {@code KAFKA_SASL_MECHANISM} and the like set them
 * in deploy/) reach the producers the service builds itself, next to the health check that Quarkus builds.
 */
@QuarkusTest
@WithPlatformInfrastructure
@TestProfile(KafkaSecurityWiringTest.Security.class)
class KafkaSecurityWiringTest {
    @Inject
    KafkaProducers producers;

    /** Settings a plaintext test broker ignores, so the service still works against it. */
    public static class Security implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.security.protocol", "PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.ssl.truststore.type", "PEM");
        }
    }

    @Test
    void theProducersCarryTheSecuritySettingsAndTheBrokerIsStillReached() {
        Map<String, Object> props = producers.properties("test");
        assertEquals("PLAINTEXT", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertEquals("PEM", props.get("ssl.truststore.type"));
        // the group id or the bootstrap list of Quarkus' configuration are not security settings: not taken
        assertEquals(null, props.get("group.id"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
