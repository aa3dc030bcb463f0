package dev.clv.contracts.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The event wire format: instants as ISO_INSTANT prints them, decimals exactly, round trips lossless. */
class EventJsonTest {
    private record Stamp(Instant at) {
    }

    private static String written(Instant at) {
        String json = new String(EventJson.write(new Stamp(at)), StandardCharsets.UTF_8);
        return json.substring("{\"at\":\"".length(), json.length() - 2);
    }

    @Test
    void instantsMatchTheJdkFormatterAcrossYearsAndPrecisions() {
        Random random = new Random(42);
        long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int[] nanoSteps = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 200_000; i++) {
            long second = from + (long) (random.nextDouble() * (to - from));
            int step = nanoSteps[i % nanoSteps.length];
            int nano = step == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / step) * step;
            Instant at = Instant.ofEpochSecond(second, nano);
            // Instant.toString is DateTimeFormatter.ISO_INSTANT: an independent implementation of the same format
            assertEquals(at.toString(), written(at), () -> "epoch second " + second + ", nano " + nano);
        }
    }

    @Test
    void edgesAndYearsOutsideFourDigitsUseTheSameFormat() {
        for (String text : new String[]{"1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
                "1969-12-31T23:59:59.000001Z", "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00.100Z"}) {
            Instant at = Instant.parse(text);
            assertEquals(at.toString(), written(at));
        }
    }

    @Test
    void transactionEventsRoundTripWithExactDecimals() {
        TransactionEvent event = new TransactionEvent("t", "tx-1", "c-1", Instant.parse("2024-05-01T10:00:00.120Z"),
                new BigDecimal("42.500"), "USD", "p-1", "music", "purchase", "card", false, "web", null,
                Instant.parse("2024-05-02T00:00:00Z"));
        assertEquals(event, EventJson.read(EventJson.write(event), TransactionEvent.class));
        String json = new String(EventJson.write(event), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"amount\":42.500"), json);
    }

    @Test
    void aCustomerPatchNamesItsFieldsAndAWholeProfileDoesNot() {
        CustomerEvent patch = new CustomerEvent("t", "c-1", null, null, null, null, null, null, null, null, null,
                null, "gold", java.util.Map.of("shoe_size", 44), Instant.parse("2024-05-02T00:00:00Z"),
                java.util.List.of("loyalty_tier"));
        String json = new String(EventJson.write(patch), StandardCharsets.UTF_8);
        assertEquals("{\"tenant_id\":\"t\",\"customer_id\":\"c-1\",\"loyalty_tier\":\"gold\","
                + "\"attributes\":{\"shoe_size\":44},\"ingested_at\":\"2024-05-02T00:00:00Z\","
                + "\"patched_fields\":[\"loyalty_tier\"]}", json);
        assertEquals(patch, EventJson.read(EventJson.write(patch), CustomerEvent.class));
        assertEquals(true, EventJson.read(EventJson.write(patch), CustomerEvent.class).isPatch());

        // a record written before patches existed reads as a whole profile, and a whole profile writes no list
        CustomerEvent whole = EventJson.read(("{\"tenant_id\":\"t\",\"customer_id\":\"c-1\",\"country\":\"DE\","
                + "\"ingested_at\":\"2024-05-02T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8), CustomerEvent.class);
        assertEquals(false, whole.isPatch());
        assertEquals("DE", whole.country());
        assertEquals(false, new String(EventJson.write(whole), StandardCharsets.UTF_8).contains("patch"));
    }
}
