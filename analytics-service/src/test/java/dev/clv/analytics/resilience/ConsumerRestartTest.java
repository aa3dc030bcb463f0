package dev.clv.analytics.resilience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A consumer whose batch fails (a broker blip while publishing, the database away) is not dead: it starts again from
 * its committed offsets, the batch comes again, and once it succeeds nothing is delivered again.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ConsumerRestartTest {
    @Inject
    KafkaConsumers consumers;

    @Test
    void aFailingBatchRestartsTheConsumerUntilItSucceedsThenIsNotDeliveredAgain() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, new byte[]{(byte) i})).get();
            }
        }
        AtomicInteger attempts = new AtomicInteger();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveredAfterSuccess = new AtomicInteger();
        BatchConsumer consumer = consumers.start(new BatchConsumer.Options("restart-test", "group-" + topic,
                List.of(topic), 1, 500), batch -> {
                    if (handled.size() == 50) {
                        deliveredAfterSuccess.addAndGet(batch.count());
                    }
                    if (attempts.incrementAndGet() <= 3) {
                        return CompletableFuture.failedFuture(new IllegalStateException("broker blip " + attempts));
                    }
                    batch.forEach(r -> handled.add(r.partition() + "@" + r.offset()));
                    return CompletableFuture.completedFuture(null);
                });
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 50);
            BatchConsumer.Member member = consumer.members().get(0);
            assertEquals(3, member.restarts(), "each failed batch restarted the consumer once");
            assertTrue(member.lastError().contains("broker blip 3"), member.lastError());
            assertEquals(BatchConsumer.State.RUNNING, member.state());
            given().get("/q/health/ready").then().statusCode(200)
                    .body(containsString("restart-test-0")).body(containsString("3 restarts"));
            Thread.sleep(2000);
            assertEquals(0, deliveredAfterSuccess.get(), "committed records are not delivered again");
        } finally {
            consumer.close();
        }
    }
}
