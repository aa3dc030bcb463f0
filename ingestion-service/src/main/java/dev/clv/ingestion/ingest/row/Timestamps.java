package dev.clv.ingestion.ingest.row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the timestamp forms the API accepts: ISO-8601 with offset, {@code yyyy-MM-dd[ HH:mm:ss]} in the tenant's
 * time zone, and epoch milliseconds.
 */
public final class Timestamps {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** The instant, or null when the value is none of the accepted forms (including impossible dates). */
    public static Instant parse(JsonNode value, ZoneId zone) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            // below 10^11 ms (before March 1973) a value is almost surely epoch seconds sent by mistake
            return value.canConvertToLong() && value.asLong() >= 100_000_000_000L
                    ? Instant.ofEpochMilli(value.asLong())
                    : null;
        }
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText().strip();
        Instant fast = FastTimestamps.parse(text, zone);
        return fast != null ? fast : parseWithFormatters(text, zone);
    }

    /** The JDK formatters' reading of {@code text}: the definition of what is accepted. */
    static Instant parseWithFormatters(String text, ZoneId zone) {
        try {
            if (text.length() > 10 && text.charAt(10) == 'T') {
                return OffsetDateTime.parse(text).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text, DATE).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(text, DATE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
