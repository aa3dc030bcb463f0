package dev.clv.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.Uuid;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * The local platform's Kafka: a real single-node KRaft broker, run until this JVM is told to stop. Arguments:
 * broker port, controller port, and optionally a log directory; with two more, a node id and every controller of a
 * cluster ({@code 1@localhost:9101,2@…}), it is one node of that cluster, with deploy/'s durability (three replicas,
 * two in sync).
 * <p>
 * With a log directory (what {@link Stack} passes: {@code data/kafka} in the stack's home) the broker keeps its log
 * there under a fixed cluster id, so a broker killed and started again within one {@code ./stack up} finds every
 * record it acknowledged and every committed offset again: records produced but not yet projected survive a crash.
 * {@code Stack.up} empties the directory before each start, so across {@code up}s the log stays scratch space:
 * PostgreSQL holds every projected row and the projection is idempotent. Without one, the log is a temporary
 * directory deleted on close.
 */
public final class KafkaMain {
    /** The one cluster a kept log belongs to: formatting is skipped when the directory already holds it. */
    static final String CLUSTER_ID = new Uuid(0x636c762d6c6f6361L, 0x6c2d6b61666b6131L).toString();

    private KafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path logDir = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : null;
        // a node of a cluster: its id and every controller (id@host:port), the same on every node
        int nodeId = args.length > 4 ? Integer.parseInt(args[3]) : 1;
        String voters = args.length > 4 ? args[4] : null;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withNodeId(nodeId).withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(logDir == null)
                .withAdditionalProperties(p -> {
                    p.put("num.partitions", "6");
                    p.put("auto.create.topics.enable", "true");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("offsets.topic.num.partitions", "6");
                    if (logDir != null) {
                        p.put("log.dir", logDir.toString());
                    }
                    if (voters != null) {
                        // as deploy/'s Kafka: three replicas of everything, an acknowledged write on two of them
                        p.put("controller.quorum.voters", voters);
                        p.put("default.replication.factor", "3");
                        p.put("min.insync.replicas", "2");
                        p.put("offsets.topic.replication.factor", "3");
                        p.put("transaction.state.log.replication.factor", "3");
                        p.put("transaction.state.log.min.isr", "2");
                    }
                });
        if (logDir != null || voters != null) {
            broker.withClusterId(CLUSTER_ID);
        }
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        System.out.println("Kafka ready: " + broker.getAdvertisedListeners());
        stopped.await();
    }
}
