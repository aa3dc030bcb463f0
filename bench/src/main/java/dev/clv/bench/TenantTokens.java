package dev.clv.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.devstack.Stack;

/**
 * One tenant's client-credentials token from the stack's Keycloak, as {@code ./stack token --tenant} gets it,
 * fetched again two minutes before it expires; optionally from a client whose tokens carry a quota tier.
 */
final class TenantTokens implements Supplier<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Stack stack;
    final String tenant;
    private final String tier;
    private String token;
    private long refreshAtMillis;

    TenantTokens(Stack stack, String tenant, String tier) {
        this.stack = stack;
        this.tenant = tenant;
        this.tier = tier;
    }

    @Override
    public synchronized String get() {
        if (token == null || System.currentTimeMillis() >= refreshAtMillis) {
            token = tier == null ? stack.token(tenant) : stack.token(tenant, tier);
            refreshAtMillis = expiresAtMillis(token) - 120_000;
        }
        return token;
    }

    private static long expiresAtMillis(String jwt) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
            return JSON.readTree(new String(payload, StandardCharsets.UTF_8)).get("exp").asLong() * 1000;
        } catch (Exception e) {
            return System.currentTimeMillis() + 240_000; // unreadable: ask again in a few minutes
        }
    }
}
