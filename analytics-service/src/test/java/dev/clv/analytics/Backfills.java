package dev.clv.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/** A migration's back-fill run again beside what the projection kept, for tests that hold the two equal. */
final class Backfills {
    private Backfills() {
    }

    /** A migration's statements of the given kinds (comment lines dropped), in their order. */
    static List<String> statements(String file, String... kinds) throws IOException {
        String migration = new String(Backfills.class.getResourceAsStream("/db/migration/" + file).readAllBytes(),
                StandardCharsets.UTF_8);
        return Arrays.stream(migration.split(";")).map(s -> String.join("\n", s.lines().filter(
                l -> !l.startsWith("--")).toList()).strip()).filter(s -> Arrays.stream(kinds).anyMatch(
                        s::startsWith))
                .toList();
    }

    /** The two queries hold rows, and the same ones (as multisets). */
    static void assertSameRows(Statement st, String kept, String backfilled, String what) throws SQLException {
        ResultSet r = st.executeQuery("SELECT (SELECT count(*) FROM (" + kept + ") k), (SELECT count(*) "
                + "FROM ((" + kept + " EXCEPT ALL " + backfilled + ") UNION ALL (" + backfilled + " EXCEPT ALL "
                + kept + ")) d)");
        r.next();
        assertTrue(r.getLong(1) > 0, what + " holds rows");
        assertEquals(0, r.getLong(2), what + ": backfill and projection differ");
    }
}
