package dev.clv.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** A real single-node KRaft Kafka broker in this JVM on a free port, started once per test JVM. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafkaBroker broker;

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker()
                    .withKafkaPort(FreePorts.next())
                    .withControllerPort(FreePorts.next())
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.put("num.partitions", "3");
                        p.put("auto.create.topics.enable", "true");
                        p.put("group.initial.rebalance.delay.ms", "0");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        // advertised listeners read "PLAINTEXT://host:port"; clients want bare host:port
        return broker.getAdvertisedListeners().replaceAll("[A-Z_]+://", "");
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // kept for the whole JVM: the next test class reuses the same broker
    }
}
