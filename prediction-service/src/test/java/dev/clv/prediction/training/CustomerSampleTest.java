package dev.clv.prediction.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.features.CustomerFeatures;

/** n_samples' draw: the same for the same seed in any order, nested in n, and uniform over customers. */
class CustomerSampleTest {
    private static List<CustomerFeatures> customers(int n) {
        return IntStream.range(0, n).mapToObj(i -> new CustomerFeatures("c" + i, 10.0, 0, 0, 0, 10.0, 1, 5, 10.0,
                5.0, null, 1, null, null, null, 0, null, null, null)).toList();
    }

    private static Set<String> ids(CustomerSample.Drawn drawn) {
        return drawn.customers().stream().map(CustomerFeatures::customerId).collect(Collectors.toSet());
    }

    @Test
    void theSameSeedDrawsTheSameCustomersWhateverTheOrderAndLargerSamplesContainSmallerOnes() {
        List<CustomerFeatures> all = customers(500);
        List<CustomerFeatures> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(1));
        Set<String> fifty = ids(CustomerSample.draw(all, 50, 42));
        assertEquals(50, fifty.size());
        assertEquals(fifty, ids(CustomerSample.draw(shuffled, 50, 42)));
        assertTrue(ids(CustomerSample.draw(all, 51, 42)).containsAll(fifty));
        assertTrue(!fifty.equals(ids(CustomerSample.draw(all, 50, 43))));
        assertSame(all, CustomerSample.draw(all, 500, 42).customers());
        assertEquals(500, CustomerSample.draw(all, 10_000, 42).description().get("drawn_customers"));
    }

    @Test
    void everyCustomerIsDrawnWithProbabilityNOverN() {
        // 3 of 10 customers, over 4,000 seeds: each is drawn with probability 0.3, so about 1,200 times (binomial
        // standard deviation 29); four deviations either way
        List<CustomerFeatures> ten = customers(10);
        int[] drawn = new int[10];
        for (long seed = 0; seed < 4_000; seed++) {
            CustomerSample.draw(ten, 3, seed).customers().forEach(c -> drawn[Integer.parseInt(c.customerId()
                    .substring(1))]++);
        }
        for (int count : drawn) {
            assertTrue(Math.abs(count - 1_200) < 4 * 29, java.util.Arrays.toString(drawn));
        }
    }
}
