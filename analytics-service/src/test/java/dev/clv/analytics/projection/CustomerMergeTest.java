package dev.clv.analytics.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.event.CustomerEvent;

/** Events of one customer in one batch: a patch applies to what came before it, as the table would apply it. */
class CustomerMergeTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);
    private static final CustomerEvent WHOLE = new CustomerEvent("t", "c", T0, "US", "Boston", 40, "f", "ads",
            "retail", true, "a@x.test", "Ann", "silver", Map.of("a", 1), T0);

    private static CustomerEvent patch(Instant at, List<String> fields, String country, String tier,
            Map<String, Object> attributes) {
        return new CustomerEvent("t", "c", null, country, null, null, null, null, null, null, null, null, tier,
                attributes, at, fields);
    }

    @Test
    void aPatchAfterAWholeProfileIsThatProfileWithItsFields() {
        ProjectionBatch batch = new ProjectionBatch();
        batch.add(WHOLE);
        batch.add(patch(T1, List.of("loyalty_tier", "country"), null, "gold", Map.of("b", 2)));
        assertEquals(List.of(new CustomerEvent("t", "c", T0, null, "Boston", 40, "f", "ads", "retail", true,
                "a@x.test", "Ann", "gold", Map.of("a", 1, "b", 2), T1)), List.copyOf(batch.customers.values()));
    }

    @Test
    void twoPatchesAreOnePatchNamingBoth() {
        CustomerEvent merged = CustomerMerge.apply(patch(T1, List.of("loyalty_tier"), null, "gold", null),
                patch(T2, List.of("country"), "DE", null, Map.of("b", 2)));
        assertEquals(patch(T2, List.of("country", "loyalty_tier"), "DE", "gold", Map.of("b", 2)), merged);
    }

    @Test
    void aWholeProfileReplacesAndAnOlderEventChangesNothing() {
        CustomerEvent earlierPatch = patch(T1, List.of("loyalty_tier"), null, "gold", null);
        CustomerEvent later = new CustomerEvent("t", "c", T0, "FR", null, null, null, null, null, null, null, null,
                null, null, T2);
        assertSame(later, CustomerMerge.apply(earlierPatch, later));
        assertSame(earlierPatch, CustomerMerge.apply(earlierPatch, patch(T0, List.of("country"), "DE", null, null)));
    }
}
