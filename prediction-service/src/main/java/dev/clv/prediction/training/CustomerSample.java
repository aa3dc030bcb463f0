package dev.clv.prediction.training;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clv.contracts.features.CustomerFeatures;

/**
 * A uniform random sample of n customers without replacement, the same for the same seed and data whatever order
 * analytics answers in: the n customers whose 64-bit hash of (seed, customer id) is smallest (a bottom-k sample;
 * the sample of n is part of the sample of n + 1).
 */
final class CustomerSample {
    private CustomerSample() {
    }

    /** The sample and what it was drawn from. */
    record Drawn(List<CustomerFeatures> customers, Map<String, Object> description) {
    }

    /** {@code n} of {@code eligible} (all of them when there are no more), drawn with {@code seed}. */
    static Drawn draw(List<CustomerFeatures> eligible, int n, long seed) {
        List<CustomerFeatures> drawn = eligible.size() <= n
                ? eligible
                : eligible.stream().sorted(Comparator.comparingLong((CustomerFeatures f) -> rank(seed, f.customerId()))
                        .thenComparing(CustomerFeatures::customerId)).limit(n).toList();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("n_samples", n);
        description.put("seed", seed);
        description.put("eligible_customers", eligible.size());
        description.put("drawn_customers", drawn.size());
        return new Drawn(drawn, description);
    }

    /** FNV-1a over the id's UTF-8 bytes, mixed with the seed by SplitMix64's finaliser. */
    static long rank(long seed, String customerId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : customerId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        long z = h + seed * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
