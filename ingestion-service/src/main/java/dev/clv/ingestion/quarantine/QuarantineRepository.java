package dev.clv.ingestion.quarantine;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.ingestion.ingest.RejectedRows;
import dev.clv.ingestion.ingest.row.ParsedRow;
import dev.clv.ingestion.ingest.row.RowRules;
import dev.clv.ingestion.ingest.row.Storable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps every rejected row with its raw text, reason and the customer it names (for privacy requests), in one
 * round trip per request.
 */
@ApplicationScoped
public class QuarantineRepository implements RejectedRows {
    private static final String INSERT = """
            INSERT INTO ingestion.quarantined_rows (tenant_id, data_source, row_number, raw, field, reason, received_at,
              patch, timestamp_defaults, customer_id)
            SELECT $1, $2, r.row_number, r.raw, r.field, r.reason, $3, $8, $9, r.customer_id
            FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $10::text[])
              AS r(row_number, raw, field, reason, customer_id)
            """;
    private final Pool pool;

    public QuarantineRepository(Pool pool) {
        this.pool = pool;
    }

    private static final String COLUMNS = "public_id, data_source, row_number, raw, field, reason, received_at, "
            + "patch, timestamp_defaults";

    /** The tenant's rejected rows, newest first, after the row {@code after} (exclusive) when given. */
    public Uni<List<QuarantinedRow>> list(String tenant, String dataSource, UUID after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.quarantined_rows WHERE tenant_id = $1 "
                + "AND ($2::text IS NULL OR data_source = $2) AND ($3::uuid IS NULL OR id < (SELECT id FROM "
                + "ingestion.quarantined_rows WHERE tenant_id = $1 AND public_id = $3)) ORDER BY id DESC LIMIT $4")
                .execute(Tuple.of(tenant, dataSource, after, limit))
                .map(rows -> rows.stream().map(QuarantineRepository::row).toList());
    }

    public Uni<Optional<QuarantinedRow>> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.quarantined_rows WHERE tenant_id = $1 "
                + "AND public_id = $2").execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** Deletes one of the tenant's rows; false when there was none with that id (for this tenant). */
    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.preparedQuery("DELETE FROM ingestion.quarantined_rows WHERE tenant_id = $1 AND public_id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() == 1);
    }

    private static QuarantinedRow row(Row r) {
        return new QuarantinedRow(r.getUUID(0), r.getString(1), r.getInteger(2), r.getString(3), r.getString(4),
                r.getString(5), r.getOffsetDateTime(6), r.getBoolean(7), r.getBoolean(8));
    }

    @Override
    public Uni<Void> keep(String tenant, String dataSource, RowRules rules, List<ParsedRow> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = Tuple.of(tenant, dataSource, OffsetDateTime.now(ZoneOffset.UTC))
                .addArrayOfInteger(rejected.stream().map(ParsedRow::row).toArray(Integer[]::new))
                // a row refused for holding a NUL may hold it in its raw text too: kept escaped, as JSON writes it
                .addArrayOfString(rejected.stream().map(r -> Storable.printable(r.raw())).toArray(String[]::new))
                .addArrayOfString(rejected.stream().map(r -> r.field() == null ? null : Storable.printable(r.field()))
                        .toArray(String[]::new))
                .addArrayOfString(rejected.stream().map(r -> Storable.printable(r.reason())).toArray(String[]::new))
                .addBoolean(rules.patch()).addBoolean(rules.timestampDefaults())
                .addArrayOfString(rejected.stream().map(ParsedRow::customerId).toArray(String[]::new));
        return pool.preparedQuery(INSERT).execute(args).replaceWithVoid();
    }
}
