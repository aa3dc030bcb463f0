package dev.clv.contracts.tracing;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.opentelemetry.context.Context;

/**
 * Puts the sender's current trace context into every record it produces (on the sending thread, where the request's
 * or batch's span is current), unless the record carries one already: a record made for another trace keeps it.
 * Costs nothing while tracing is off (there is no valid span then).
 */
public class TraceContextInterceptor implements ProducerInterceptor<Object, Object> {
    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.headers().lastHeader(RecordTraces.TRACEPARENT) == null) {
            RecordTraces.inject(Context.current(), record.headers());
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
