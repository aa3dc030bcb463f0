package dev.clv.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The local stack's trace collector: takes the services' OTLP/HTTP exports ({@code POST /v1/traces}, protobuf) and
 * writes every span as one JSON line to standard output, which the stack keeps as {@code logs/traces.log}: service,
 * trace, span, parent, name, kind, duration and the span's string and number attributes. Where a real collector is
 * configured (OTEL_EXPORTER_OTLP_ENDPOINT), the stack sends there instead and does not start this. Argument: port.
 */
public final class TraceSinkMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TraceSinkMain() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newSingleThreadExecutor()); // one writer: lines never interleave
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith(
                        "/v1/traces")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                write(ExportTraceServiceRequest.parseFrom(body(exchange)), System.out);
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException | LinkageError e) {
                System.err.println("An export could not be read: " + e);
                exchange.sendResponseHeaders(400, -1);
            }
        });
        server.start();
        System.out.println("{\"sink\":\"listening\",\"port\":" + args[0] + "}");
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    static void write(ExportTraceServiceRequest request, PrintStream out) throws IOException {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(a -> a.getValue().getStringValue())
                    .findFirst().orElse("unknown");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    ObjectNode line = JSON.createObjectNode().put("service", service)
                            .put("trace", HEX.formatHex(span.getTraceId().toByteArray()))
                            .put("span", HEX.formatHex(span.getSpanId().toByteArray()))
                            .put("parent", HEX.formatHex(span.getParentSpanId().toByteArray()))
                            .put("name", span.getName()).put("kind", span.getKind().name())
                            .put("duration_ms", (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6);
                    ObjectNode attributes = line.putObject("attributes");
                    for (KeyValue a : span.getAttributesList()) {
                        switch (a.getValue().getValueCase()) {
                            case STRING_VALUE -> attributes.put(a.getKey(), a.getValue().getStringValue());
                            case INT_VALUE -> attributes.put(a.getKey(), a.getValue().getIntValue());
                            default -> {
                            }
                        }
                    }
                    out.println(JSON.writeValueAsString(line));
                }
            }
        }
        out.flush();
    }
}
