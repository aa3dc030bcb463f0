package dev.clv.gateway.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** API keys in the gateway's schema; every read and change but the key lookup is bound to one tenant. */
@ApplicationScoped
public class ApiKeyRepository {
    private static final String COLUMNS = "id, tenant, name, key_prefix, scopes, tier, created_by, created_at, "
            + "revoked_at, last_used_at";
    private static final String INSERT = "INSERT INTO gateway.api_keys (id, tenant, name, key_hash, key_prefix, "
            + "scopes, tier, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS;
    private static final String BY_HASH = "SELECT " + COLUMNS
            + " FROM gateway.api_keys WHERE key_hash = $1 AND revoked_at IS NULL";
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM gateway.api_keys WHERE tenant = $1 ORDER BY created_at DESC, id LIMIT 1000";
    private static final String ONE = "SELECT " + COLUMNS + " FROM gateway.api_keys WHERE tenant = $1 AND id = $2";
    private static final String REVOKE = "UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, now()) "
            + "WHERE tenant = $1 AND id = $2 RETURNING " + COLUMNS;
    private static final String NEW_HASHES = """
            SELECT now() AS read_at, array(SELECT key_hash FROM gateway.api_keys
                WHERE revoked_at IS NULL AND ($1::timestamptz IS NULL OR created_at > $1)) AS hashes""";
    private static final String TOUCH = """
            UPDATE gateway.api_keys k SET last_used_at = greatest(k.last_used_at, u.at)
            FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE k.id = u.id""";

    /** The hashes of live keys made after some time, and the database's time of the read. */
    public record NewHashes(OffsetDateTime readAt, List<byte[]> hashes) {
    }

    private final Pool pool;
    private final Counter lookups;
    private final Counter newKeyReads;

    public ApiKeyRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        // what API-key checks cost the database: per key looked up, and per read of the keys made lately
        this.lookups = Counter.builder("gateway.api_keys.queries").tag("query", "lookup").register(registry);
        this.newKeyReads = Counter.builder("gateway.api_keys.queries").tag("query", "new-keys").register(registry);
    }

    public Uni<ApiKey> insert(ApiKey key, byte[] hash) {
        return pool.preparedQuery(INSERT).execute(Tuple.from(List.of(key.id(), key.tenant(), key.name(),
                Buffer.buffer(hash), key.keyPrefix(),
                key.scopes().toArray(String[]::new), key.tier(), key.createdBy())))
                .map(rows -> read(rows.iterator().next()));
    }

    /** The live key with this hash, whatever its tenant: the key itself is the proof of tenancy. */
    public Uni<Optional<ApiKey>> findLive(byte[] hash) {
        lookups.increment();
        return first(pool.preparedQuery(BY_HASH).execute(Tuple.of(Buffer.buffer(hash))));
    }

    /** The hashes of the live keys made after {@code since} (all live keys when it is null). */
    public Uni<NewHashes> liveHashesSince(OffsetDateTime since) {
        newKeyReads.increment();
        return pool.preparedQuery(NEW_HASHES).execute(Tuple.of(since)).map(rows -> {
            Row row = rows.iterator().next();
            Buffer[] hashes = row.getDelegate().getArrayOfBuffers("hashes");
            return new NewHashes(row.getOffsetDateTime("read_at"),
                    Arrays.stream(hashes).map(Buffer::getBytes).toList());
        });
    }

    public Uni<List<ApiKey>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ApiKeyRepository::read).toList());
    }

    public Uni<Optional<ApiKey>> find(String tenant, UUID id) {
        return first(pool.preparedQuery(ONE).execute(Tuple.of(tenant, id)));
    }

    public Uni<Optional<ApiKey>> revoke(String tenant, UUID id) {
        return first(pool.preparedQuery(REVOKE).execute(Tuple.of(tenant, id)));
    }

    /** Records last-used times collected since the previous flush, in one statement. */
    public Uni<Void> touch(Map<UUID, Instant> lastUsed) {
        UUID[] ids = lastUsed.keySet().toArray(UUID[]::new);
        OffsetDateTime[] times = Arrays.stream(ids).map(id -> lastUsed.get(id).atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        return pool.preparedQuery(TOUCH).execute(Tuple.of(ids, times)).replaceWithVoid();
    }

    private static Uni<Optional<ApiKey>> first(Uni<RowSet<Row>> rows) {
        return rows.map(set -> set.size() == 0 ? Optional.<ApiKey>empty() : Optional.of(read(set.iterator().next())));
    }

    private static ApiKey read(Row row) {
        return new ApiKey(row.getUUID("id"), row.getString("tenant"), row.getString("name"),
                row.getString("key_prefix"), List.of(row.getArrayOfStrings("scopes")), row.getString("tier"),
                row.getString("created_by"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("revoked_at")), instant(row.getOffsetDateTime("last_used_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
