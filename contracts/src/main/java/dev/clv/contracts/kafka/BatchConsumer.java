package dev.clv.contracts.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.clv.contracts.tracing.RecordTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * Members of one consumer group, each on its own thread: poll a batch, hand it to the handler, wait for it, commit
 * its offsets, poll again. A handler failure (or any other) closes that member's consumer without committing, waits
 * (backing off from half a second to half a minute) and starts a fresh consumer from the committed offsets: the
 * batch is delivered again, so handlers are idempotent, and a consumer never stays dead.
 * <p>
 * Written here instead of using SmallRye Reactive Messaging channels because a channel whose processing fails is
 * failed for good until the process restarts, and cannot be switched on or off per process role at run time: the
 * platform needs consumers that restart themselves and report it.
 */
public final class BatchConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    /** Processes one polled batch; the returned stage completes once its effects are durable. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<?> handle(ConsumerRecords<String, byte[]> batch);
    }

    /** What to consume: a name for threads, logs and health, the group, its topics, and members in this process. */
    public record Options(String name, String group, List<String> topics, int members, int maxPollRecords) {
    }

    /** A member's state: starting, running, or restarting after {@code lastError}. */
    public enum State {
        STARTING, RUNNING, RESTARTING, STOPPED
    }

    /** What health checks and metrics see of a member. */
    public record Member(String id, State state, Instant since, int restarts, String lastError, long lag) {
    }

    private final Options options;
    private final ConsumerSettings settings;
    private final KafkaSecurity security;
    private final Handler handler;
    private final Tracer tracer; // null while tracing is off
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean closed;

    BatchConsumer(Options options, ConsumerSettings settings, KafkaSecurity security, Handler handler,
            Tracer tracer) {
        this.options = options;
        this.tracer = tracer;
        this.settings = settings;
        this.security = security;
        this.handler = handler;
        for (int i = 0; i < options.members(); i++) {
            Worker worker = new Worker(options.name() + "-" + i);
            workers.add(worker);
            Thread thread = new Thread(worker, "kafka-" + worker.id);
            thread.setDaemon(true);
            worker.thread = thread;
            thread.start();
        }
    }

    public Options options() {
        return options;
    }

    public List<Member> members() {
        return workers.stream().map(Worker::snapshot).toList();
    }

    /** Records the members have yet to read, as their consumers last measured it. */
    public long lag() {
        return workers.stream().mapToLong(w -> w.lag.get()).sum();
    }

    @Override
    public void close() {
        closed = true;
        // a poll is woken; a batch in flight may finish (it is then committed) for a few seconds before the
        // member is interrupted, so a normal shutdown closes every consumer cleanly
        workers.forEach(Worker::wakeup);
        for (Worker w : workers) {
            try {
                w.thread.join(5_000);
                if (w.thread.isAlive()) {
                    w.thread.interrupt();
                    w.thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Map<String, Object> properties(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, settings.sessionTimeout()
                .toMillis() / 3));
        props.putAll(security.properties());
        props.putAll(settings.extra());
        return props;
    }

    /** One member: its own consumer, restarted after every failure. */
    private final class Worker implements Runnable {
        final String id;
        final AtomicLong lag = new AtomicLong();
        Thread thread;
        volatile KafkaConsumer<String, byte[]> consumer;
        volatile State state = State.STARTING;
        volatile Instant since = Instant.now();
        volatile int restarts;
        volatile String lastError;
        long lagMeasuredAt;

        Worker(String id) {
            this.id = id;
        }

        Member snapshot() {
            return new Member(id, state, since, restarts, lastError, lag.get());
        }

        void wakeup() {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        @Override
        public void run() {
            long backoff = settings.restartBackoff().toMillis();
            while (!closed) {
                try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties(id), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = c;
                    c.subscribe(options.topics());
                    while (!closed) {
                        ConsumerRecords<String, byte[]> batch = c.poll(settings.pollTimeout());
                        long now = System.nanoTime();
                        if (now - lagMeasuredAt > 1_000_000_000L) {
                            lag.set(measureLag(c)); // a walk over the client's metrics: once a second is enough
                            lagMeasuredAt = now;
                        }
                        if (state != State.RUNNING) {
                            moveTo(State.RUNNING);
                        }
                        if (batch.isEmpty()) {
                            continue;
                        }
                        handle(batch);
                        c.commitSync(offsets(batch));
                        backoff = settings.restartBackoff().toMillis();
                    }
                } catch (Throwable e) {
                    if (closed) {
                        break; // close() woke or interrupted us: a batch in flight is simply not committed
                    }
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    restarts++;
                    lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    moveTo(State.RESTARTING);
                    LOG.errorf("Consumer %s failed (%s); restarting it in %d ms from its committed offsets", id,
                            lastError, backoff);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, settings.restartBackoffMax().toMillis());
                } finally {
                    consumer = null;
                }
            }
            moveTo(State.STOPPED);
        }

        // the batch's span (when tracing is on) is current while the handler runs on this thread, so a handler
        // can take Context.current() for what it sends or stores later (RecordTraces)
        private void handle(ConsumerRecords<String, byte[]> batch) throws Exception {
            if (tracer == null) {
                handler.handle(batch).toCompletableFuture().get();
                return;
            }
            Span span = RecordTraces.startBatch(tracer, options.group(), batch);
            try {
                CompletionStage<?> done;
                try (Scope ignored = span.makeCurrent()) {
                    done = handler.handle(batch);
                }
                done.toCompletableFuture().get();
            } catch (Exception e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                throw e;
            } finally {
                span.end();
            }
        }

        private void moveTo(State next) {
            state = next;
            since = Instant.now();
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Per partition, the offset after the batch's last record. */
    static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<String, byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(partition);
            out.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return out;
    }

    private static long measureLag(KafkaConsumer<String, byte[]> c) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : c.metrics().entrySet()) {
            if ("records-lag".equals(e.getKey().name()) && e.getValue().metricValue() instanceof Double d
                    && !d.isNaN()) {
                total += d;
            }
        }
        return (long) total;
    }
}
