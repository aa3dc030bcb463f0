package dev.clv.gateway.ratelimit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import dev.clv.gateway.config.RateLimitConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * How a route's calls are charged ({@code meter} in routes.yaml): which quota, what is reserved before the call goes
 * upstream, and what it finally costs. Every meter but {@code calls} draws rows from the events quota.
 */
public enum Meter {
    /** One call, charged when it is let in. */
    CALLS("calls", "calls"),
    /** An ingestion write: rows estimated from the body's size, settled to the service's {@code Rows-Received}. */
    EVENTS("events", "events"),
    /** Sample data: {@code n_customers} times the rows the generator makes per customer, kept when it succeeds. */
    SAMPLE_DATA("sample-data", "events"),
    /** A batch the gateway counts the rows of as the body streams past (NDJSON lines, or a JSON batch's rows). */
    BODY_ROWS("body-rows", "events");

    private static final int DEFAULT_CUSTOMERS = 1000;
    private static final int MAX_CUSTOMERS = 100_000;

    private final String name;
    private final String policy;

    Meter(String name, String policy) {
        this.name = name;
        this.policy = policy;
    }

    public String meterName() {
        return name;
    }

    /** The quota the meter draws from: {@code calls} or {@code events}. */
    public String policy() {
        return policy;
    }

    public static Optional<Meter> named(String name) {
        return Arrays.stream(values()).filter(m -> m.name.equals(name)).findFirst();
    }

    /**
     * What the call reserves before it goes upstream; {@link Estimate#unknown} when the body's rows cannot be told
     * from its size (no Content-Length, or a compressed body).
     */
    public Estimate estimate(HttpServerRequest request, RateLimitConfig config) {
        return switch (this) {
            case CALLS -> Estimate.exactly(1);
            case SAMPLE_DATA -> Estimate.exactly(customers(request.getParam("n_customers"))
                    * config.sampleRowsPerCustomer());
            case EVENTS, BODY_ROWS -> bySize(request, config);
        };
    }

    /** The call's final cost, given what became of it and what it reserved. */
    public long charge(Outcome outcome, long reserved) {
        return switch (this) {
            case CALLS -> reserved;
            // an answer says what the service took (none without the header: a refusal, an idempotent replay);
            // a body that reached a service which then never answered may have been taken whole
            case EVENTS -> outcome.answered()
                    ? Math.max(0, outcome.rowsReceived())
                    : outcome.bodySent() ? reserved : 0;
            case SAMPLE_DATA -> outcome.answered()
                    ? outcome.succeeded() ? reserved : 0
                    : outcome.bodySent() ? reserved : 0;
            // rows the service was given are scored as they arrive, unless it refused the batch
            case BODY_ROWS -> outcome.answered() && !outcome.succeeded() ? 0 : outcome.rowsCounted();
        };
    }

    private static Estimate bySize(HttpServerRequest request, RateLimitConfig config) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean compressed = encoding != null && !encoding.isBlank()
                && !encoding.trim().toLowerCase(Locale.ROOT).equals("identity");
        if (length == null || compressed) {
            return Estimate.unknown(config.maxRowsPerWrite());
        }
        try {
            long bytes = Math.max(0, Long.parseLong(length.trim()));
            long rows = (bytes + config.bytesPerRow() - 1) / config.bytesPerRow();
            // the size gives an upper bound (a row per 16 bytes), far above a real batch's rows: demanding it all
            // would refuse a 500-row batch while 7,000 of 10,000 events remain. A write is let in while anything
            // remains and holds what its size allows of it, so parallel writes still cannot all get in
            return new Estimate(1, Math.max(1, Math.min(config.maxRowsPerWrite(), rows)));
        } catch (NumberFormatException e) {
            return Estimate.unknown(config.maxRowsPerWrite());
        }
    }

    private static long customers(String value) {
        if (value == null) {
            return DEFAULT_CUSTOMERS;
        }
        try {
            // the service refuses anything outside 1..100000; the reservation is refunded then
            return Math.max(1, Math.min(MAX_CUSTOMERS, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A reservation: {@code atLeast} must remain, and up to {@code atMost} of what remains is reserved. */
    public record Estimate(long atLeast, long atMost) {
        public static Estimate exactly(long rows) {
            return new Estimate(rows, rows);
        }

        /** An unknown size: let in while anything remains, reserving all that does (up to {@code cap}). */
        public static Estimate unknown(long cap) {
            return new Estimate(1, cap);
        }

        public boolean known() {
            return atLeast == atMost;
        }
    }
}
