package dev.clv.ingestion.pseudonym;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Each tenant's chosen fields in {@code ingestion.pseudonymised_fields}: the truth every replica's cache reads. */
@ApplicationScoped
public class PseudonymStore {
    private static final Duration DB = Duration.ofSeconds(10);
    private final Pool pool;

    public PseudonymStore(Pool pool) {
        this.pool = pool;
    }

    /** A tenant's choice as stored: its fields in the order given, and when it was made. */
    public record Stored(List<String> fields, OffsetDateTime updatedAt) {
    }

    /** The tenant's choice; empty when it never made one. Blocking. */
    public Optional<Stored> find(String tenant) {
        RowSet<Row> rows = pool.preparedQuery("SELECT fields, updated_at FROM ingestion.pseudonymised_fields "
                + "WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().atMost(DB);
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Stored(List.of(row.getArrayOfStrings(0)), row.getOffsetDateTime(1)));
    }

    /** Replaces the tenant's choice (an empty list turns it off, and is kept with its time). Blocking. */
    public Stored put(String tenant, List<String> fields) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        pool.preparedQuery("INSERT INTO ingestion.pseudonymised_fields (tenant_id, fields, updated_at) "
                + "VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET fields = excluded.fields, "
                + "updated_at = excluded.updated_at")
                .execute(Tuple.of(tenant, fields.toArray(String[]::new), now)).await().atMost(DB);
        return new Stored(List.copyOf(fields), now);
    }
}
