package dev.clv.gateway.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored API key as its owner may see it: never the key itself, only its first characters. */
public record ApiKey(UUID id, String tenant, String name, String keyPrefix, List<String> scopes, String tier,
        String createdBy, Instant createdAt, Instant revokedAt, Instant lastUsedAt) {
}
