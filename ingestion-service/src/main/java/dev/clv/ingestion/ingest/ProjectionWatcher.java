package dev.clv.ingestion.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.contracts.kafka.KafkaSecurity;
import dev.clv.ingestion.config.IngestionConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tells when rows are queryable: the analytics projector commits a partition's offset only after the rows below
 * it are committed to its database, so committed offsets past ours mean our rows can be read. One thread asks
 * Kafka for the projector's committed offsets once per poll interval, and only while someone waits; every waiting
 * request is a future completed from that one answer, so no request thread waits or polls on its own.
 */
@ApplicationScoped
public class ProjectionWatcher {
    private record Waiter(Map<TopicPartition, Long> offsets, long deadline, CompletableFuture<Boolean> done) {
    }

    private final Admin admin;
    private final IngestionConfig.Wait config;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "projection-watcher");
        t.setDaemon(true);
        return t;
    });

    private final Counter polls;

    public ProjectionWatcher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            KafkaSecurity security, IngestionConfig config, MeterRegistry registry) {
        this.polls = Counter.builder("ingestion.wait.polls").description("Questions to Kafka for wait=true")
                .register(registry);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.putAll(security.properties());
        this.admin = Admin.create(props);
        this.config = config.await();
        long every = this.config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Completes with true once the projector has passed {@code lastOffsets}, or false when the bound ran out. */
    public CompletableFuture<Boolean> whenProjected(Map<TopicPartition, Long> lastOffsets) {
        if (lastOffsets.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        Waiter waiter = new Waiter(lastOffsets, System.nanoTime() + config.timeout().toNanos(),
                new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.done();
    }

    /** Whether the projector has passed {@code lastOffsets} right now (one question to Kafka). */
    public boolean isProjected(Map<TopicPartition, Long> lastOffsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        return committed != null && passed(lastOffsets, committed);
    }

    private void poll() {
        if (waiters.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        long now = System.nanoTime();
        waiters.removeIf(w -> {
            if (committed != null && passed(w.offsets(), committed)) {
                w.done().complete(true);
                return true;
            }
            if (now - w.deadline() >= 0) {
                w.done().complete(false);
                return true;
            }
            return false;
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() {
        polls.increment();
        try {
            return admin.listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean passed(Map<TopicPartition, Long> lastOffsets,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        return lastOffsets.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return c != null && c.offset() > e.getValue();
        });
    }

    /**
     * A compact, URL-safe handle for a tenant's set of offsets, so the client can ask later whether its rows are
     * readable; it names the tenant, and only that tenant may use it.
     */
    public static String token(String tenant, Map<TopicPartition, Long> lastOffsets) {
        String text = tenant + "\n" + lastOffsets.entrySet().stream()
                .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(";"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The offsets behind a {@link #token} of this tenant; empty for a token that is not one, or another's. */
    public static Optional<Map<TopicPartition, Long>> parseToken(String tenant, String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            if (newline < 0 || !text.substring(0, newline).equals(tenant)) {
                return Optional.empty();
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (String part : text.substring(newline + 1).split(";")) {
                String[] f = part.split(":");
                if (f.length != 3) {
                    return Optional.empty();
                }
                offsets.put(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
            }
            return Optional.of(offsets);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @PreDestroy
    void close() {
        poller.shutdownNow();
        waiters.forEach(w -> w.done().complete(false));
        admin.close();
    }
}
