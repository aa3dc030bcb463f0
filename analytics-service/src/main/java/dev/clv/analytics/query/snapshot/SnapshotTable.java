package dev.clv.analytics.query.snapshot;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A snapshot kept as a table, one row per customer (too many for one JSON answer), replaced in the transaction of
 * the tenant's answer snapshots. Its marker among them ({@link #snapshotName()}, the row count) says the table holds
 * the tenant's rows, and its watermark how fresh they are.
 */
public interface SnapshotTable {
    /** The marker's name, unique across snapshots. */
    String snapshotName();

    /** Replaces the tenant's rows on {@code conn}; answers how many there are now. */
    Uni<Long> replace(SqlConnection conn, String tenant);
}
