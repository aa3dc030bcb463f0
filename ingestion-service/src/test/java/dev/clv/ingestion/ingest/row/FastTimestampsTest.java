package dev.clv.ingestion.ingest.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast reader never disagrees with the JDK formatters, which define what a valid timestamp is. */
class FastTimestampsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String ALPHABET = "0123456789-:T Z+.x٣";

    @Test
    void agreesWithTheFormattersOnGeneratedAndMutatedTimestamps() {
        Random random = new Random(7);
        int fast = 0;
        for (int i = 0; i < 300_000; i++) {
            String text = mutate(random, generated(random));
            Instant quick = FastTimestamps.parse(text, ZONE);
            if (quick != null) {
                fast++;
                assertEquals(Timestamps.parseWithFormatters(text, ZONE), quick, text);
            }
        }
        // most generated values are well formed, so the fast path really was exercised
        assertEquals(true, fast > 100_000, "fast path taken " + fast + " times");
    }

    @Test
    void readsEachShapeToTheRightInstant() {
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), FastTimestamps.parse("2024-05-01T10:00:00+02:00", ZONE));
        assertEquals(Instant.parse("2024-05-01T10:00:00.120Z"), FastTimestamps.parse("2024-05-01T10:00:00.12Z", ZONE));
        assertEquals(Instant.parse("2024-01-15T09:30:00Z"), FastTimestamps.parse("2024-01-15 10:30:00", ZONE));
        assertEquals(Instant.parse("2024-07-14T22:00:00Z"), FastTimestamps.parse("2024-07-15", ZONE));
        assertNull(FastTimestamps.parse("2023-02-29", ZONE));
        assertNull(FastTimestamps.parse("2024-05-01T10:00:00", ZONE));
        assertNotNull(Timestamps.parseWithFormatters("2024-05-01T10:00+02:00", ZONE), "left to the formatters");
    }

    private static String generated(Random random) {
        String date = String.format("%04d-%02d-%02d", random.nextInt(2200), 1 + random.nextInt(13),
                1 + random.nextInt(31));
        String time = String.format("%02d:%02d:%02d", random.nextInt(25), random.nextInt(61), random.nextInt(61));
        return switch (random.nextInt(4)) {
            case 0 -> date;
            case 1 -> date + " " + time;
            case 2 -> date + "T" + time + "Z";
            default -> date + "T" + time + "." + "123456789012".substring(0, 1 + random.nextInt(11))
                    + String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20),
                            random.nextInt(60));
        };
    }

    private static String mutate(Random random, String text) {
        if (random.nextInt(3) != 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        int at = random.nextInt(out.length());
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        switch (random.nextInt(3)) {
            case 0 -> out.setCharAt(at, c);
            case 1 -> out.insert(at, c);
            default -> out.deleteCharAt(at);
        }
        return out.toString();
    }
}
