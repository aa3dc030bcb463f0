package dev.clv.contracts.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * W3C trace context in Kafka record headers ({@code traceparent}), and the span of a consumed batch. A batch of
 * records from many traces continues the first traced record's trace and links the others (at most
 * {@link #MAX_LINKS}), as OpenTelemetry's messaging conventions do for batches: a row sent alone is followed from the
 * gateway to its webhook in one trace; a row that shared a batch is one link away.
 */
public final class RecordTraces {
    public static final String TRACEPARENT = "traceparent";
    static final int MAX_LINKS = 64;
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header h = headers == null ? null : headers.lastHeader(key);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private RecordTraces() {
    }

    /** Puts {@code context}'s span into {@code headers} (replacing one there); nothing when it has no valid span. */
    public static void inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, headers, SETTER);
        }
    }

    /** The span context a record carries; invalid when it carries none. */
    public static SpanContext of(ConsumerRecord<?, ?> record) {
        return Span.fromContext(W3C.extract(Context.root(), record.headers(), GETTER)).getSpanContext();
    }

    /** {@code context}'s span as a traceparent value, or null when it has no valid span (tracing is off). */
    public static String traceparent(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** The context a stored traceparent names (root when it is null or malformed). */
    public static Context parse(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, new TextMapGetter<String>() {
            @Override
            public Iterable<String> keys(String carrier) {
                return List.of(TRACEPARENT);
            }

            @Override
            public String get(String carrier, String key) {
                return TRACEPARENT.equals(key) ? carrier : null;
            }
        });
    }

    /** Starts the consumer span of {@code batch} for {@code group}: the caller makes it current and ends it. */
    public static Span startBatch(Tracer tracer, String group, ConsumerRecords<?, ?> batch) {
        var builder = tracer.spanBuilder(group + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.batch.message_count", batch.count());
        SpanContext parent = null;
        int links = 0;
        for (ConsumerRecord<?, ?> record : batch) {
            SpanContext traced = of(record);
            if (!traced.isValid()) {
                continue;
            }
            if (parent == null) {
                parent = traced;
                builder.setParent(Context.root().with(Span.wrap(traced)));
            } else if (links++ < MAX_LINKS) {
                builder.addLink(traced);
            }
        }
        if (parent == null) {
            builder.setNoParent();
        }
        return builder.startSpan();
    }
}
