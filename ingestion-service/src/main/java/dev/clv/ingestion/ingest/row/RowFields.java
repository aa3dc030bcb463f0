package dev.clv.ingestion.ingest.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads typed fields from one row, strictly: a value of the wrong JSON type is an error, not a guess. The first
 * problem is kept (field and reason) and later reads are skipped, so a rejected row names one clear cause.
 */
final class RowFields {
    static final int MAX_TEXT = 512;
    /**
     * Bytes (UTF-8) a key field may take: ids, and the text fields the read model keys rollups by (category,
     * country, acquisition source, segment, event type). PostgreSQL refuses an index entry past about 2.7 KB, and a
     * composite key holds several of these: 512 characters of 3-byte text each would pass the door and then stop
     * the projection.
     */
    static final int MAX_KEY_BYTES = 256;
    static final int MAX_INTEGER_DIGITS = 18;
    static final int MAX_FRACTION_DIGITS = 10;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    // a customer-analytics timestamp before this is a unit mistake (seconds for milliseconds), not history
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private final JsonNode node;
    private final ZoneId zone;
    private final Instant latest;
    private final Set<String> read = new HashSet<>();
    private String field;
    private String reason;

    RowFields(JsonNode node, ZoneId zone, Instant latest) {
        this.node = node;
        this.zone = zone;
        this.latest = latest;
    }

    boolean failed() {
        return field != null;
    }

    String field() {
        return field;
    }

    String reason() {
        return reason;
    }

    void fail(String name, String why) {
        if (field == null) {
            field = name;
            reason = why;
        }
    }

    String text(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            fail(name, "must be a string");
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            if (required) {
                fail(name, "required, a non-empty string");
            }
            return null;
        }
        if (s.length() > MAX_TEXT) {
            fail(name, "longer than " + MAX_TEXT + " characters");
            return null;
        }
        return s;
    }

    /** A text that keys rows downstream: as {@link #text}, and at most {@link #MAX_KEY_BYTES} bytes of UTF-8. */
    String key(String name, boolean required) {
        String s = text(name, required);
        if (s != null && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            fail(name, "longer than " + MAX_KEY_BYTES + " bytes (UTF-8): it keys rows, so it must be short");
            return null;
        }
        return s;
    }

    Instant timestamp(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        Instant at = Timestamps.parse(v, zone);
        if (at == null) {
            fail(name, "not a valid timestamp: ISO-8601 with offset, 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or epoch "
                    + "milliseconds from 1973 on (impossible dates are rejected)");
        } else if (at.isBefore(EARLIEST)) {
            fail(name, "before 1900; epoch timestamps are in milliseconds");
            return null;
        } else if (at.isAfter(latest)) {
            fail(name, "too far in the future");
            return null;
        }
        return at;
    }

    /** An exact decimal from a JSON number or a numeric string; never through a binary float. */
    BigDecimal decimal(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        BigDecimal value = null;
        try {
            if (v.isNumber()) {
                value = v.decimalValue();
            } else if (v.isTextual()) {
                value = new BigDecimal(v.asText().strip());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (value == null) {
            fail(name, "must be a decimal number");
            return null;
        }
        // money, not physics: bounded so that 1E+9999 cannot become ten thousand digits downstream
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS || value.scale() > MAX_FRACTION_DIGITS) {
            fail(name, "at most " + MAX_INTEGER_DIGITS + " digits before and " + MAX_FRACTION_DIGITS
                    + " after the decimal point");
            return null;
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    Integer integer(String name, boolean required, int min, int max) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            fail(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return v.asInt();
    }

    Boolean bool(String name, boolean required) {
        JsonNode v = value(name, required);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        // Tinybird's schemas keep flags as UInt8, so its documented rows send "is_active": 1
        if (v.isIntegralNumber() && v.canConvertToLong() && (v.longValue() == 0 || v.longValue() == 1)) {
            return v.longValue() == 1;
        }
        fail(name, "must be true or false (or 1 or 0)");
        return null;
    }

    /** An ISO 4217 code; absent means {@code fallback} (the tenant's currency). */
    String currency(String name, String fallback) {
        String code = text(name, false);
        if (code == null) {
            return failed() ? null : fallback;
        }
        try {
            if (CURRENCY.matcher(code).matches() && Currency.getInstance(code) != null) {
                return code;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        fail(name, "must be an ISO 4217 currency code such as USD");
        return null;
    }

    JsonNode object(String name) {
        JsonNode v = value(name, false);
        if (v != null && !v.isObject()) {
            fail(name, "must be a JSON object");
            return null;
        }
        return v;
    }

    /** Whether the row holds {@code name} at all, even as null: a patch changes exactly the fields it holds. */
    boolean has(String name) {
        return node.has(name);
    }

    /** Every field not read so far (and not {@code ignored}), kept as the row's free-form attributes. */
    Map<String, Object> unread(Set<String> ignored, JsonNode explicitAttributes) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (explicitAttributes != null) {
            explicitAttributes.fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue()));
        }
        node.fields().forEachRemaining(e -> {
            if (!read.contains(e.getKey()) && !ignored.contains(e.getKey()) && !e.getValue().isNull()) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        return extra.isEmpty() ? null : extra;
    }

    /** The names of fields present but not read: for sources that accept no free-form fields. */
    Set<String> unknown(Set<String> ignored) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(n -> {
            if (!read.contains(n) && !ignored.contains(n)) {
                names.add(n);
            }
        });
        return names;
    }

    private JsonNode value(String name, boolean required) {
        read.add(name);
        if (failed()) {
            return null;
        }
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                fail(name, "required");
            }
            return null;
        }
        return v;
    }
}
