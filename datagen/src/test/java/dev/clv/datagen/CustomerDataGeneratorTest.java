package dev.clv.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Same seed, same data; and the draws follow the distributions the generator promises. */
class CustomerDataGeneratorTest {
    @Test
    void sameSeedSameRowsOtherSeedOtherRows() {
        Dataset one = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(500, 7));
        Dataset two = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(500, 7));
        Dataset other = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(500, 8));
        assertEquals(one, two);
        assertNotEquals(one.transactions(), other.transactions());
    }

    @Test
    void latentParametersHaveTheirDistributionsMeans() {
        Dataset data = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(40_000, 1));
        CustomerDataGenerator.Truth t = CustomerDataGenerator.Truth.CDNOW;
        double rate = data.customers().stream().mapToDouble(GeneratedCustomer::trueWeeklyRate).average().orElseThrow();
        double dropout = data.customers().stream().mapToDouble(GeneratedCustomer::trueDropout).average().orElseThrow();
        // Gamma(r, 1/alpha) has mean r/alpha; Beta(a, b) has mean a/(a+b)
        assertEquals(t.r() / t.alpha(), rate, 0.05 * t.r() / t.alpha());
        assertEquals(t.a() / (t.a() + t.b()), dropout, 0.01);
    }

    @Test
    void rowsAreConsistent() {
        Dataset data = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(2_000, 3));
        Set<String> ids = new HashSet<>();
        data.transactions().forEach(tx -> {
            assertTrue(ids.add(tx.transactionId()), "unique id " + tx.transactionId());
            assertTrue(tx.transactionDate().isBefore(data.observedAt()));
            assertEquals(tx.isRefund(), tx.amount().signum() < 0, tx.transactionId());
            assertTrue(tx.isRefund() || tx.amount().compareTo(new BigDecimal("0.50")) >= 0);
        });
        data.interactions().forEach(i -> assertEquals("support_contact".equals(i.interactionType()),
                i.satisfactionScore() != null));
        assertTrue(data.transactions().size() > 2_000, "customers buy: " + data.transactions().size());
    }
}
