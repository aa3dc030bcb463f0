package dev.clv.gateway.apikey;

import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;

/**
 * The hashes of every live key, so that a key nobody made is refused without a database lookup of its own. A key
 * this replica does not know (one made on another replica a moment ago, or a made-up one) waits for the next read
 * of the keys made since the last one; those reads run at most once per {@code gateway.api-keys.new-keys-every}
 * however many keys wait, so a flood of random keys costs one small query per interval, not one per key.
 */
@ApplicationScoped
public class KeyIndex {
    // a key is created in a transaction whose now() precedes its commit: reads overlap by this much
    private static final long OVERLAP_SECONDS = 60;

    private final Set<ByteBuffer> hashes = ConcurrentHashMap.newKeySet();
    private final ApiKeyRepository repository;
    private final Vertx vertx;
    private final long intervalMillis;
    private OffsetDateTime readUntil; // guarded by this; null until the first, full, read
    private CompletableFuture<Void> next; // guarded by this: the read that has not started yet
    private long lastStart; // guarded by this

    public KeyIndex(ApiKeyRepository repository, Vertx vertx, GatewayConfig config) {
        this.repository = repository;
        this.vertx = vertx;
        this.intervalMillis = config.apiKeys().newKeysEvery().toMillis();
    }

    boolean contains(byte[] hash) {
        return hashes.contains(ByteBuffer.wrap(hash));
    }

    /** A key made on this replica is known at once. */
    void add(byte[] hash) {
        hashes.add(ByteBuffer.wrap(hash.clone()));
    }

    /** A key found revoked: later attempts with it wait for a read of new keys, which will not bring it back. */
    void remove(byte[] hash) {
        hashes.remove(ByteBuffer.wrap(hash));
    }

    /** Completes after a read of the new keys that started after this call. */
    synchronized CompletionStage<Void> refreshed() {
        if (next == null) {
            next = new CompletableFuture<>();
            long wait = Math.max(1, lastStart + intervalMillis - System.currentTimeMillis());
            vertx.setTimer(wait, id -> read());
        }
        return next;
    }

    private void read() {
        CompletableFuture<Void> done;
        OffsetDateTime since;
        synchronized (this) {
            done = next;
            next = null;
            lastStart = System.currentTimeMillis();
            since = readUntil;
        }
        repository.liveHashesSince(since).subscribe().with(read -> {
            read.hashes().forEach(hash -> hashes.add(ByteBuffer.wrap(hash)));
            synchronized (this) {
                OffsetDateTime until = read.readAt().minusSeconds(OVERLAP_SECONDS);
                if (readUntil == null || until.isAfter(readUntil)) {
                    readUntil = until;
                }
            }
            done.complete(null);
        }, done::completeExceptionally);
    }
}
