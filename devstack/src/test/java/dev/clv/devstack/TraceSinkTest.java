package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** The local stack's trace sink turns an OTLP export, as the services send it, into one JSON line per span. */
class TraceSinkTest {
    @Test
    void aSpanBecomesALineWithItsServiceIdsAndAttributes() throws Exception {
        byte[] trace = new byte[16];
        trace[15] = 1;
        byte[] span = {0, 0, 0, 0, 0, 0, 0, 2};
        byte[] parent = {0, 0, 0, 0, 0, 0, 0, 3};
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey(
                        "service.name").setValue(AnyValue.newBuilder().setStringValue("gateway"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(
                        trace)).setSpanId(ByteString.copyFrom(span)).setParentSpanId(ByteString.copyFrom(parent))
                        .setName("GET /v1/customers").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                        .setStartTimeUnixNano(1_000_000).setEndTimeUnixNano(3_500_000)
                        .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code").setValue(AnyValue
                                .newBuilder().setIntValue(200))))))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // through the wire format, as the sink reads it
        TraceSinkMain.write(ExportTraceServiceRequest.parseFrom(export.toByteArray()), new PrintStream(out, true,
                StandardCharsets.UTF_8));
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("gateway", line.path("service").asText());
        assertEquals("00000000000000000000000000000001", line.path("trace").asText());
        assertEquals("0000000000000002", line.path("span").asText());
        assertEquals("0000000000000003", line.path("parent").asText());
        assertEquals("SPAN_KIND_SERVER", line.path("kind").asText());
        assertEquals(2.5, line.path("duration_ms").asDouble(), 1e-9);
        assertEquals(200, line.path("attributes").path("http.response.status_code").asInt());
    }
}
