package dev.clv.ingestion.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stores dead letters (releasing their rows' dedup claims in the same transaction), lists and removes them. */
@ApplicationScoped
public class DeadLetterRepository {
    /** A dead letter as read from the topic, before it is stored. */
    record Incoming(String tenant, String source, String rowId, String key, byte[] record, String reason,
            String topic, int partition, long offset, OffsetDateTime deadAt, String customerId, String customerHash,
            OffsetDateTime ingestedAt) {
    }

    // a redelivered letter (same topic, partition and offset) is stored once; only a newly stored letter frees its
    // row's claim, so that a resend accepted since is not made a duplicate again. A letter of a row ingested before
    // its customer was erased is not stored (its claim stays: a resend of an erased row is still a duplicate)
    private static final String STORE = """
            WITH stored AS (
              INSERT INTO ingestion.dead_letters (tenant_id, data_source, row_id, record_key, record, reason, topic,
                kafka_partition, kafka_offset, dead_at, customer_id)
              SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
              WHERE NOT EXISTS (SELECT 1 FROM ingestion.erasure_guards g
                WHERE g.tenant_id = $1 AND g.customer_hash = $12 AND g.erased_at >= $13)
              ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING
              RETURNING tenant_id, data_source, row_id
            )
            DELETE FROM ingestion.seen_rows s USING stored
            WHERE s.tenant_id = stored.tenant_id AND s.data_source = stored.data_source AND s.row_id = stored.row_id
            """;
    private static final String COLUMNS = "id, data_source, row_id, reason, dead_at, record, record_key";
    private static final Logger LOG = Logger.getLogger(DeadLetterRepository.class);
    private final Pool pool;

    public DeadLetterRepository(Pool pool) {
        this.pool = pool;
    }

    /** A letter the database refuses for what it holds (SQLSTATE classes 22, 23, 54), as opposed to an outage. */
    static boolean refused(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23")
                        || pg.getSqlState().startsWith("54"));
    }

    /** Stores each letter in its own transaction, skipping (and logging) any the database refuses. */
    Uni<Void> storeEach(List<Incoming> all) {
        return Multi.createFrom().iterable(all).onItem().transformToUniAndConcatenate(l -> store(
                List.of(l)).onFailure(DeadLetterRepository::refused).recoverWithItem(e -> {
                    LOG.warnf("A dead letter of %s at %d@%d cannot be stored (%s) and was skipped", l.tenant(),
                            l.partition(), l.offset(), ((PgException) e).getSqlState());
                    return null;
                })).collect().last().replaceWithVoid();
    }

    Uni<Void> store(List<Incoming> letters) {
        return pool.withTransaction(conn -> storeAll(conn, letters, 0));
    }

    private Uni<Void> storeAll(SqlConnection conn, List<Incoming> letters, int from) {
        if (from == letters.size()) {
            return Uni.createFrom().voidItem();
        }
        Incoming l = letters.get(from);
        return conn.preparedQuery(STORE).execute(Tuple.from(new Object[]{l.tenant(), l.source(), l.rowId(), l.key(),
                io.vertx.core.buffer.Buffer.buffer(l.record()), l.reason(), l.topic(), l.partition(), l.offset(),
                l.deadAt(), l.customerId(), l.customerHash(), l.ingestedAt()}))
                .chain(() -> storeAll(conn, letters, from + 1));
    }

    /** The tenant's dead letters, newest first, after the letter {@code after} (exclusive) when given. */
    public Uni<List<DeadLetter>> list(String tenant, UUID after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.dead_letters WHERE tenant_id = $1 AND ("
                + "$2::uuid IS NULL OR (dead_at, id) < (SELECT dead_at, id FROM ingestion.dead_letters WHERE "
                + "tenant_id = $1 AND id = $2)) ORDER BY dead_at DESC, id DESC LIMIT $3")
                .execute(Tuple.of(tenant, after, limit)).map(rows -> rows.stream().map(DeadLetterRepository::row)
                        .toList());
    }

    public Uni<Optional<DeadLetter>> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingestion.dead_letters WHERE tenant_id = $1 AND id = "
                + "$2").execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(row(rows.iterator().next())));
    }

    /** Deletes one of the tenant's letters; false when there was none with that id (for this tenant). */
    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.preparedQuery("DELETE FROM ingestion.dead_letters WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() == 1);
    }

    private static DeadLetter row(Row r) {
        byte[] record = r.getBuffer(5).getBytes();
        return new DeadLetter(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getOffsetDateTime(4),
                new String(record, StandardCharsets.UTF_8), r.getString(6), record);
    }
}
