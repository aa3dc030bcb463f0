package dev.clv.datagen;

import java.time.Instant;
import java.util.List;

/** One generated data set and the instant it was observed at (nothing in it happens later). */
public record Dataset(List<GeneratedCustomer> customers, List<GeneratedTransaction> transactions,
        List<GeneratedInteraction> interactions, Instant observedAt) {
}
