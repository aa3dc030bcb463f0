package dev.clv.ingestion.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.ingestion.ParsedRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keeps every rejected row with its raw text and reason, in one round trip per request. */
@ApplicationScoped
public class QuarantineRepository {
    private static final String INSERT = """
            INSERT INTO ingestion.quarantined_rows (tenant_id, data_source, row_number, raw, field, reason, received_at)
            SELECT $1, $2, r.row_number, r.raw, r.field, r.reason, $3
            FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) AS r(row_number, raw, field, reason)
            """;
    private final Pool pool;

    public QuarantineRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> keep(String tenant, String dataSource, List<ParsedRow> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = Tuple.of(tenant, dataSource, OffsetDateTime.now(ZoneOffset.UTC))
                .addArrayOfInteger(rejected.stream().map(ParsedRow::row).toArray(Integer[]::new))
                .addArrayOfString(rejected.stream().map(ParsedRow::raw).toArray(String[]::new))
                .addArrayOfString(rejected.stream().map(ParsedRow::field).toArray(String[]::new))
                .addArrayOfString(rejected.stream().map(ParsedRow::reason).toArray(String[]::new));
        return pool.preparedQuery(INSERT).execute(args).replaceWithVoid();
    }
}
