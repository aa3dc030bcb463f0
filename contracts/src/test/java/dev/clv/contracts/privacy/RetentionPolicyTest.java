package dev.clv.contracts.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.event.EventJson;

/** A policy survives the wire whole: a kind kept for ever (null) is not the same as a kind left to its default. */
class RetentionPolicyTest {

    @Test
    void aKindKeptForEverStaysSoOnTheWire() {
        Map<String, Integer> days = new HashMap<>();
        days.put("membership_history", null);
        days.put("events", 90);
        RetentionPolicy sent = new RetentionPolicy("t", days, Instant.parse("2026-01-01T00:00:00Z"));
        RetentionPolicy read = EventJson.read(EventJson.write(sent), RetentionPolicy.class);
        assertTrue(read.days().containsKey("membership_history"), read.toString());
        assertEquals(Optional.empty(), read.daysOf("membership_history"));
        assertEquals(Optional.of(90), read.daysOf("events"));
        // left out: the default
        assertEquals(Optional.of(30), read.daysOf("quarantine"));
        assertEquals(Optional.empty(), read.daysOf("transactions"));
    }
}
