package dev.clv.contracts.kafka;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * Starts the services' consumer groups ({@link BatchConsumer}) from {@link ConsumerSettings}, and stops them all at
 * shutdown. Each group's lag (records its members here have yet to read) and restarts are gauges, which the lag alerts
 * and KEDA's view of the same lag are read beside.
 */
@ApplicationScoped
public class KafkaConsumers {
    private final ConsumerSettings settings;
    private final KafkaSecurity security;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final List<BatchConsumer> running = new CopyOnWriteArrayList<>();
    private final Set<String> metered = ConcurrentHashMap.newKeySet();

    public KafkaConsumers(ConsumerSettings settings, KafkaSecurity security, MeterRegistry registry,
            OpenTelemetry openTelemetry) {
        this.settings = settings;
        this.security = security;
        this.registry = registry;
        Tracer tracer = openTelemetry.getTracer("dev.clv.kafka");
        // while tracing is off the tracer makes no valid span: the consumers then skip reading record headers
        Span probe = tracer.spanBuilder("probe").startSpan();
        this.tracer = probe.getSpanContext().isValid() ? tracer : null;
    }

    public BatchConsumer start(BatchConsumer.Options options, BatchConsumer.Handler handler) {
        BatchConsumer consumer = new BatchConsumer(options, settings, security, handler, tracer);
        running.add(consumer);
        String group = options.group();
        if (metered.add(group)) { // once per group: a group started again is summed by the same gauges
            gauge("clv.consumer.lag", "Records this process's members of the group have yet to read", group,
                    BatchConsumer::lag);
            gauge("clv.consumer.restarts", "Times a member of the group restarted after a failure", group,
                    c -> c.members().stream().mapToLong(BatchConsumer.Member::restarts).sum());
        }
        return consumer;
    }

    private void gauge(String name, String description, String group, ToLongFunction<BatchConsumer> value) {
        Gauge.builder(name, running, list -> list.stream().filter(c -> c.options().group().equals(group))
                .mapToLong(value).sum()).description(description).tag("group", group).strongReference(true)
                .register(registry);
    }

    /** Every consumer group this process runs. */
    public List<BatchConsumer> running() {
        return running;
    }

    ConsumerSettings settings() {
        return settings;
    }

    @PreDestroy
    void stop() {
        running.forEach(BatchConsumer::close);
        running.clear();
    }
}
