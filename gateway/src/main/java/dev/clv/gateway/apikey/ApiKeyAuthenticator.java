package dev.clv.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Makes keys and recognises them. A recognised key (or an unknown one) is remembered for a few seconds, so a busy
 * client costs one database lookup per interval, and last-used times are written in batches, not per call.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {
    static final String PREFIX = "clv_";
    private static final int MAX_REMEMBERED = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Remembered(Optional<ApiKey> key, long until) {
    }

    /** A new key: its stored form and the secret, which is shown to its creator once and never stored. */
    public record Minted(String secret, byte[] hash, String prefix) {
    }

    private final ApiKeyRepository repository;
    private final long rememberFor;
    private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Instant> lastUsed = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyRepository repository, GatewayConfig config) {
        this.repository = repository;
        this.rememberFor = config.apiKeys().cacheFor().toMillis();
    }

    public static Minted mint() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new Minted(secret, sha256(secret), secret.substring(0, PREFIX.length() + 6));
    }

    /** The live key the client presented, if any; the answer for an unknown key is remembered too. */
    public Uni<Optional<ApiKey>> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        byte[] hash = sha256(presented);
        String cacheKey = Base64.getEncoder().encodeToString(hash);
        long now = System.currentTimeMillis();
        Remembered known = remembered.get(cacheKey);
        if (known != null && known.until() > now) {
            return Uni.createFrom().item(used(known.key()));
        }
        return repository.findLive(hash).map(found -> {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear(); // a flood of made-up keys must not grow memory without bound
            }
            remembered.put(cacheKey, new Remembered(found, now + rememberFor));
            return used(found);
        });
    }

    /** Forgets a revoked key on this replica at once; other replicas forget it within the cache interval. */
    public void forget(UUID id) {
        remembered.values().removeIf(r -> r.key().map(k -> k.id().equals(id)).orElse(false));
    }

    private Optional<ApiKey> used(Optional<ApiKey> key) {
        key.ifPresent(k -> lastUsed.put(k.id(), Instant.now()));
        return key;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushLastUsed() {
        if (lastUsed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : lastUsed.keySet()) {
            Instant at = lastUsed.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        return repository.touch(batch).onFailure().recoverWithNull();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
