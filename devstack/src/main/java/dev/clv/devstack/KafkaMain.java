package dev.clv.devstack;

import java.util.concurrent.CountDownLatch;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * The local platform's Kafka: a real single-node KRaft broker, run until this JVM is told to stop. Its log is
 * scratch space: PostgreSQL holds every projected row, and the projection is idempotent, so a fresh broker on
 * each start loses nothing. Arguments: broker port, controller port.
 */
public final class KafkaMain {
    private KafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaPort(port).withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("num.partitions", "6");
                    p.put("auto.create.topics.enable", "true");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("offsets.topic.num.partitions", "6");
                })
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        System.out.println("Kafka ready: " + broker.getAdvertisedListeners());
        stopped.await();
    }
}
