package dev.clv.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;

import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;

/**
 * The baseline: the same rows written with PostgreSQL's COPY into copies of the projection's raw tables (same
 * columns, keys and indexes, no aggregates), one connection per table in parallel. The CSV is rendered to files
 * first, so only the COPY is timed.
 */
final class CopyBaseline {
    private static final String[] TABLES = {"customers", "transactions", "interactions"};

    private CopyBaseline() {
    }

    /** Rows per second COPY stored, all three tables together. */
    static double rowsPerSecond(String jdbcUrl, int customers, Path dir) throws Exception {
        long rows = render(customers, dir);
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement st = db.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS copy_baseline CASCADE");
            st.execute("CREATE SCHEMA copy_baseline");
            for (String table : TABLES) {
                st.execute("CREATE TABLE copy_baseline." + table + " (LIKE analytics." + table + " INCLUDING ALL)");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(TABLES.length);
        long started = System.nanoTime();
        List<Future<Long>> copies = new ArrayList<>();
        for (String table : TABLES) {
            copies.add(pool.submit(() -> {
                try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                        InputStream in = Files.newInputStream(dir.resolve(table + ".csv"))) {
                    return db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_baseline." + table
                            + " FROM STDIN (FORMAT csv)", in);
                }
            }));
        }
        long copied = 0;
        for (Future<Long> f : copies) {
            copied += f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        if (copied != rows) {
            throw new IllegalStateException("COPY stored " + copied + " rows of " + rows);
        }
        return copied / seconds;
    }

    private static long render(int customers, Path dir) throws IOException {
        Files.createDirectories(dir);
        String now = Instant.now().toString();
        String t = BenchData.TENANT;
        long[] rows = {0};
        try (BufferedWriter c = Files.newBufferedWriter(dir.resolve("customers.csv"));
                BufferedWriter x = Files.newBufferedWriter(dir.resolve("transactions.csv"));
                BufferedWriter i = Files.newBufferedWriter(dir.resolve("interactions.csv"))) {
            BenchData.generate(customers, new CustomerDataGenerator.Sink() {
                @Override
                public void customer(GeneratedCustomer v) {
                    line(c, t, v.customerId(), v.registrationDate(), v.country(), v.city(), v.age(), v.gender(),
                            v.acquisitionSource(), v.segment(), v.isActive(), null, null, v.loyaltyTier(), null, now);
                }

                @Override
                public void transaction(GeneratedTransaction v) {
                    line(x, t, v.transactionId(), v.customerId(), v.transactionDate(), v.amount(), v.currency(),
                            v.productId(), v.productCategory(), v.transactionType(), v.paymentMethod(), v.isRefund(),
                            v.channel(), now);
                }

                @Override
                public void interaction(GeneratedInteraction v) {
                    line(i, t, v.interactionId(), v.customerId(), v.interactionDate(), v.interactionType(),
                            v.channel(), v.durationSeconds(), v.satisfactionScore(), null, now);
                }

                // the generator's values hold no commas, quotes or line breaks; null is CSV's empty field
                private void line(BufferedWriter out, Object... values) {
                    try {
                        for (int k = 0; k < values.length; k++) {
                            if (k > 0) {
                                out.write(',');
                            }
                            if (values[k] != null) {
                                out.write(values[k].toString());
                            }
                        }
                        out.write('\n');
                        rows[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
        return rows[0];
    }
}
