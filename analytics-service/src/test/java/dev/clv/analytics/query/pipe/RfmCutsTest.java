package dev.clv.analytics.query.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.rfm.RfmSegments;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The quintile cuts score exactly as the rank definition of {@link RfmSegments} says, 1 + floor(5 × (values
 * strictly below) / N), counted here in Java with integers: on every size up to 120 (the multiples of 5 are where a
 * floating-point fraction would round the wrong way), with heavy ties, and on a million distinct values in SQL.
 */
@QuarkusTest
@WithPlatformInfrastructure
class RfmCutsTest {
    private static final String SCORES = """
            WITH base AS (SELECT unnest(?::numeric[]) AS v), cut AS (SELECT %s AS c FROM base)
            SELECT v, %s AS score FROM base, cut
            """.formatted(RfmSegments.cuts("v"), RfmSegments.score("v", "c"));

    @Test
    void everySizeAndEveryTieScoresAsItsRank() throws SQLException {
        Random random = new Random(20261203);
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(SCORES)) {
            for (int n = 1; n <= 120; n++) {
                for (int domain : new int[]{2, 7, 1000}) {
                    List<BigDecimal> values = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        values.add(BigDecimal.valueOf(random.nextInt(domain) * 25L - 300, 2));
                    }
                    st.setArray(1, db.createArrayOf("numeric", values.toArray()));
                    try (ResultSet rows = st.executeQuery()) {
                        while (rows.next()) {
                            BigDecimal v = rows.getBigDecimal(1);
                            long below = values.stream().filter(x -> x.compareTo(v) < 0).count();
                            assertEquals(1 + 5 * below / n, rows.getInt(2), "n=" + n + " v=" + v + " " + values);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aMillionDistinctDaysScoreAsTheirRank() throws SQLException {
        // day k (0-based) has k days strictly before it; sizes a multiple of 5 and not
        String sql = """
                WITH base AS (SELECT DATE '2000-01-01' + k AS v, k FROM generate_series(0, ? - 1) k),
                  cut AS (SELECT %s AS c FROM base)
                SELECT count(*) FILTER (WHERE %s <> 1 + (5 * k) / ?), count(*) FROM base, cut
                """.formatted(RfmSegments.cuts("v"), RfmSegments.score("v", "c"));
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(sql)) {
            for (int n : new int[]{1_000_000, 999_999, 123_455}) {
                st.setInt(1, n);
                st.setLong(2, n);
                try (ResultSet rows = st.executeQuery()) {
                    rows.next();
                    assertEquals(0, rows.getLong(1), "n=" + n);
                    assertEquals(n, rows.getLong(2));
                }
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }
}
