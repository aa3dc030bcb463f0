package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Three real KRaft brokers in three JVMs (devstack's KafkaMain as a cluster node, each both controller and broker),
 * topics at three replicas with two in sync, as deploy/'s Strimzi cluster: a producer with the platform's settings
 * (acks=all, idempotent) writes without pause while one broker is killed with SIGKILL, and every record the cluster
 * acknowledged is read back exactly once. Prints how long acknowledgements paused while leadership moved.
 */
class KafkaClusterTest {
    private static final List<Process> nodes = new ArrayList<>();

    @AfterAll
    static void stop() {
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedRecordSurvivesAKilledBrokerExactlyOnce() throws Exception {
        Path home = Path.of("target/kafka-cluster").toAbsolutePath();
        Stack.deleteTree(home);
        int[] ports = new int[3];
        int[] controllers = new int[3];
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            controllers[i] = freePort();
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@localhost:").append(controllers[i]);
        }
        for (int i = 0; i < 3; i++) {
            Path log = Files.createDirectories(home).resolve("node-" + (i + 1) + ".log");
            nodes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    KafkaMain.class.getName(), Integer.toString(ports[i]), Integer.toString(controllers[i]),
                    home.resolve("data-" + (i + 1)).toString(), Integer.toString(i + 1), voters.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < 3; i++) {
            Path log = home.resolve("node-" + (i + 1) + ".log");
            await(() -> Files.readString(log).contains("Kafka ready"), 120, "node " + (i + 1) + " (" + log + ")");
        }
        String bootstrap = "localhost:" + ports[0] + ",localhost:" + ports[1] + ",localhost:" + ports[2];
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("drill", 6, (short) 3).configs(Map.of("min.insync.replicas",
                    "2")))).all().get(60, TimeUnit.SECONDS);
        }

        Map<String, Long> acknowledged = new ConcurrentHashMap<>(); // id -> when (nanos)
        ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    "120000", ProducerConfig.LINGER_MS_CONFIG, "5"), new StringSerializer(),
                    new StringSerializer())) {
                for (long n = 0; running.get(); n++) {
                    String id = "r" + n;
                    producer.send(new ProducerRecord<>("drill", "k" + (n % 50), id), (meta, e) -> {
                        if (e == null) {
                            long now = System.nanoTime();
                            acknowledged.put(id, now);
                            ackTimes.add(now);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    Thread.sleep(2); // about 500 records a second
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        Thread.sleep(5000);
        long killedAt = System.nanoTime();
        nodes.get(1).destroyForcibly(); // SIGKILL: no controlled shutdown, leaders on it just vanish
        assertTrue(nodes.get(1).waitFor(30, TimeUnit.SECONDS));
        Thread.sleep(10_000);
        running.set(false);
        writer.join(180_000);

        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "drill-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("drill"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!seen.keySet().containsAll(acknowledged.keySet()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.merge(r.value(), 1, Integer::sum);
                }
            }
            // and a little longer, so that a duplicate written after the last acknowledged record shows too
            for (int i = 0; i < 4; i++) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
            }
        }
        long lost = acknowledged.keySet().stream().filter(id -> !seen.containsKey(id)).count();
        long twice = seen.values().stream().filter(c -> c > 1).count();
        long before = acknowledged.values().stream().filter(t -> t < killedAt).count();
        long after = acknowledged.size() - before;
        List<Long> times = ackTimes.stream().sorted().toList();
        long longestPause = 0;
        for (int i = 1; i < times.size(); i++) {
            longestPause = Math.max(longestPause, times.get(i) - times.get(i - 1));
        }
        System.out.printf("3 brokers, one killed: %d records acknowledged (%d before the kill, %d after), %d sends "
                + "failed, %d lost, %d read twice; longest pause between acknowledgements %.0f ms%n",
                acknowledged.size(), before, after, failed.get(), lost, twice, longestPause / 1e6);
        assertTrue(before > 500 && after > 500, "writes went on through the kill: " + before + " / " + after);
        assertEquals(0, lost, "every acknowledged record is there");
        assertEquals(0, twice, "and only once (the idempotent producer's retries are not duplicates)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
