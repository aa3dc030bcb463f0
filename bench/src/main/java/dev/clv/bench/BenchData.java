package dev.clv.bench;

import java.time.Instant;

import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;

/**
 * The analytics benchmark's data: the seeded generator with a busier purchase process than CDNOW's (about ten
 * purchases per customer over two years) and a deterministic ~46 % of its interactions (about five per customer),
 * streamed so that ten million rows never sit in memory.
 */
final class BenchData {
    static final String TENANT = "bench";
    static final CustomerDataGenerator.Truth BUSY = new CustomerDataGenerator.Truth(1.5, 6.0, 0.3, 10.0, 6.25, 3.74,
            15.44);

    private BenchData() {
    }

    static void generate(int customers, CustomerDataGenerator.Sink sink) {
        generate(customers, Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"), sink);
    }

    /** The same customers and histories, dated from {@code from} to {@code to} (the console's ranges end today). */
    static void generate(int customers, Instant from, Instant to, CustomerDataGenerator.Sink sink) {
        CustomerDataGenerator.generate(new CustomerDataGenerator.Spec(customers, 20240501L, from, to, BUSY, "cust-"),
                new CustomerDataGenerator.Sink() {
                    @Override
                    public void customer(GeneratedCustomer c) {
                        sink.customer(c);
                    }

                    @Override
                    public void transaction(GeneratedTransaction t) {
                        sink.transaction(t);
                    }

                    @Override
                    public void interaction(GeneratedInteraction i) {
                        // keep a fixed share, chosen by id so that every run keeps the same rows
                        if (Math.floorMod(i.interactionId().hashCode(), 100) < 46) {
                            sink.interaction(i);
                        }
                    }
                });
    }
}
