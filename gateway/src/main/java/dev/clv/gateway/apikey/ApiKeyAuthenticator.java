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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.clv.gateway.config.GatewayConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Makes keys and recognises them. Every answer (a live key, or none for an unknown or revoked one) is remembered
 * for {@code gateway.api-keys.cache-for} in a bounded cache, and concurrent checks of one key share one lookup; a
 * key that is in no replica's records is refused through the {@link KeyIndex} without a lookup at all. Last-used
 * times are written in batches, not per call.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {
    public static final String PREFIX = "clv_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key: its stored form and the secret, which is shown to its creator once and never stored. */
    public record Minted(String secret, byte[] hash, String prefix) {
    }

    private final ApiKeyRepository repository;
    private final KeyIndex index;
    private final AsyncCache<String, Optional<ApiKey>> remembered;
    private final ConcurrentHashMap<UUID, Instant> lastUsed = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyRepository repository, KeyIndex index, GatewayConfig config) {
        this.repository = repository;
        this.index = index;
        this.remembered = Caffeine.newBuilder().maximumSize(config.apiKeys().cacheSize())
                .expireAfterWrite(config.apiKeys().cacheFor()).buildAsync();
    }

    public static Minted mint() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new Minted(secret, sha256(secret), secret.substring(0, PREFIX.length() + 6));
    }

    /** Makes a key made on this replica known at once. */
    public void created(byte[] hash) {
        index.add(hash);
    }

    /** The live key the client presented, if any. */
    public Uni<Optional<ApiKey>> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        byte[] hash = sha256(presented);
        return Uni.createFrom()
                .completionStage(remembered.get(Base64.getEncoder().encodeToString(hash), (k, e) -> lookUp(hash)))
                .map(this::used);
    }

    private CompletableFuture<Optional<ApiKey>> lookUp(byte[] hash) {
        if (index.contains(hash)) {
            return find(hash);
        }
        return index.refreshed().toCompletableFuture()
                .thenCompose(v -> index.contains(hash)
                        ? find(hash)
                        : CompletableFuture.completedFuture(
                                Optional.empty()));
    }

    private CompletableFuture<Optional<ApiKey>> find(byte[] hash) {
        return repository.findLive(hash).invoke(found -> {
            if (found.isEmpty()) {
                index.remove(hash);
            }
        }).subscribeAsCompletionStage();
    }

    /** Forgets a revoked key on this replica at once; other replicas forget it within the cache interval. */
    public void forget(UUID id) {
        remembered.synchronous().asMap().values().removeIf(key -> key.map(k -> k.id().equals(id)).orElse(false));
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
