package dev.clv.contracts.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** Trace context through record headers, and a batch's span: parented by its first traced record, linked to the rest. */
class RecordTracesTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    @Test
    void aRecordSentUnderASpanCarriesItAndTheInterceptorKeepsOneAlreadyThere() {
        Span sender = tracing.get("test").spanBuilder("send").startSpan();
        ProducerRecord<Object, Object> record = new ProducerRecord<>("t", "k", "v");
        try (Scope ignored = sender.makeCurrent()) {
            new TraceContextInterceptor().onSend(record);
        }
        String expected = "00-" + sender.getSpanContext().getTraceId() + "-" + sender.getSpanContext().getSpanId()
                + "-01";
        assertEquals(expected, new String(record.headers().lastHeader("traceparent").value()));
        // a record made for another trace keeps its own
        Span other = tracing.get("test").spanBuilder("other").startSpan();
        try (Scope ignored = other.makeCurrent()) {
            new TraceContextInterceptor().onSend(record);
        }
        assertEquals(expected, new String(record.headers().lastHeader("traceparent").value()));
        // what a webhook message stores and its delivery reads back
        assertEquals(expected, RecordTraces.traceparent(RecordTraces.parse(expected)));
    }

    @Test
    void withoutASpanNothingIsPutInTheHeaders() {
        ProducerRecord<Object, Object> record = new ProducerRecord<>("t", "k", "v");
        new TraceContextInterceptor().onSend(record);
        assertNull(record.headers().lastHeader("traceparent"));
        assertNull(RecordTraces.traceparent(Context.root()));
    }

    @Test
    void aBatchContinuesItsFirstTracedRecordAndLinksTheOthers() {
        SpanContext first = tracing.get("test").spanBuilder("a").startSpan().getSpanContext();
        SpanContext second = tracing.get("test").spanBuilder("b").startSpan().getSpanContext();
        ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), List.of(
                record(0, null), record(1, first), record(2, second))));
        RecordTraces.startBatch(tracing.get("test"), "group-x", batch).end();
        SpanData span = spans.getFinishedSpanItems().get(0);
        assertEquals("group-x process", span.getName());
        assertEquals(first.getTraceId(), span.getTraceId(), "the first traced record's trace");
        assertEquals(first.getSpanId(), span.getParentSpanId());
        assertEquals(1, span.getLinks().size());
        assertEquals(second.getSpanId(), span.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals(second.getTraceId(), span.getLinks().get(0).getSpanContext().getTraceId());
        assertEquals(3L, span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(
                "messaging.batch.message_count")).findFirst().orElseThrow().getValue());
    }

    @Test
    void aBatchOfUntracedRecordsStartsATraceOfItsOwn() {
        ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(Map.of(new TopicPartition("t", 0), List.of(
                record(0, null))));
        RecordTraces.startBatch(tracing.get("test"), "g", batch).end();
        SpanData span = spans.getFinishedSpanItems().get(0);
        assertFalse(span.getParentSpanContext().isValid());
        assertEquals(0, span.getLinks().size());
    }

    private static ConsumerRecord<String, byte[]> record(long offset, SpanContext traced) {
        RecordHeaders headers = new RecordHeaders();
        if (traced != null) {
            RecordTraces.inject(Context.root().with(Span.wrap(traced)), headers);
        }
        return new ConsumerRecord<>("t", 0, offset, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0,
                0, "k", new byte[0], headers, java.util.Optional.empty());
    }
}
