package dev.clv.analytics.resilience;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Bounds on what one tenant's questions can cost the others: timeouts, cancellation, permits, safe exports. */
@QuarkusTest
@WithPlatformInfrastructure
class QueryFairnessTest {
    @Inject
    Pool answers;

    @Inject
    @ReactiveDataSource("projection")
    Pool projection;

    @Test
    void answersTimeOutAtThirtySecondsButTheProjectionDoesNot() {
        assertEquals("30s", answers.query("SHOW statement_timeout").execute().await().indefinitely().iterator()
                .next().getString(0));
        assertEquals("0", projection.query("SHOW statement_timeout").execute().await().indefinitely().iterator()
                .next().getString(0));
    }

    @Test
    void aQueryWhoseAskerLeftIsCancelledInPostgres() {
        String marker = "SELECT pg_sleep(25) AS cancel_me_" + UUID.randomUUID().toString().replace("-", "");
        Cancellable running = CancellableQuery.execute(answers, marker, Tuple.tuple()).subscribe().with(r -> {
        }, e -> {
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> active(marker) == 1);
        running.cancel();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> active(marker) == 0);
    }

    @Test
    void csvCellsThatWouldRunAsFormulasAreNeutralised() throws Exception {
        String tenant = "csv-" + UUID.randomUUID();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (String customer : new String[]{"=HYPERLINK(\"http://evil\")", "@SUM(A1)", "-2+3", "plain"}) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, customer), EventJson.write(
                        new TransactionEvent(tenant, "t-" + customer, customer, now, new BigDecimal("10"), "USD", null,
                                null, null, null, false, "web", null, now))))
                        .get();
            }
        }
        String token = OidcResource.token(tenant, "analytics:read");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token)
                .get("/v0/pipes/customer_ltv.json").then().extract().path("rows").equals(4));
        String csv = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.csv").then().statusCode(200).extract()
                .asString();
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\",10"), csv);
        assertTrue(csv.contains("\r\n'@SUM(A1),10"), csv);
        assertTrue(csv.contains("\r\n'-2+3,10"), csv);
        assertTrue(csv.contains("\r\nplain,10"), csv);
    }

    private long active(String marker) {
        return projection.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE query = $1 AND state = 'active'")
                .execute(Tuple.of(marker)).await().indefinitely().iterator().next().getLong(0);
    }
}
