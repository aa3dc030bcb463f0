package dev.clv.ingestion.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the timestamp forms the API accepts: ISO-8601 with offset, {@code yyyy-MM-dd[ HH:mm:ss]} (UTC), epoch ms. */
public final class Timestamps {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** The instant, or null when the value is none of the accepted forms (including impossible dates). */
    public static Instant parse(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText().strip();
        try {
            if (text.length() > 10 && text.charAt(10) == 'T') {
                return OffsetDateTime.parse(text).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text, DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
