package dev.clv.gateway.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.clv.contracts.tracing.RecordTraces;
import io.opentelemetry.context.Context;
import io.vertx.core.http.HttpServerRequest;

/**
 * Correlation for every request: a valid incoming {@code X-Request-Id} is kept, else one is made. With tracing on,
 * the request's trace is the gateway's server span (which continues a valid incoming {@code traceparent}), and the
 * upstream call carries its own span's context; with tracing off, a valid W3C {@code traceparent} passes through
 * unchanged, else a new trace is started, so upstream logs share its trace id either way.
 */
final class RequestTracing {
    static final String REQUEST_ID = "X-Request-Id";
    static final String TRACEPARENT = "traceparent";
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern VALID_TRACEPARENT = Pattern
            .compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private RequestTracing() {
    }

    /** Ensures both headers on the request and answers the request id. */
    static String apply(HttpServerRequest request) {
        String requestId = request.getHeader(REQUEST_ID);
        if (requestId == null || !VALID_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, requestId);
        }
        String traced = RecordTraces.traceparent(Context.current());
        if (traced != null) {
            request.headers().set(TRACEPARENT, traced);
            return requestId;
        }
        String traceparent = request.getHeader(TRACEPARENT);
        if (traceparent == null || traceparent.startsWith("ff") || !VALID_TRACEPARENT.matcher(traceparent).matches()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            traceparent = "00-" + hex(random.nextLong() | 1) + hex(random.nextLong()) + "-" + hex(random.nextLong() | 1)
                    + "-01";
            request.headers().set(TRACEPARENT, traceparent);
        }
        return requestId;
    }

    /** The trace id of the request's (possibly new) traceparent. */
    static String traceId(HttpServerRequest request) {
        String traceparent = request.getHeader(TRACEPARENT);
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
