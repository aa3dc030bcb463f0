package dev.clv.contracts.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Values derived from a remembered identity (its {@link Caller}, the gateway's client), computed once per token
 * rather than once per call: reading a custom claim through SmallRye JWT throws and catches an exception each time
 * (it looks the name up in the standard claims' enum first), which showed as a tenth of the gateway's CPU time.
 * Only identities kept by {@link VerifiedTokens} carry a memo; any other is computed afresh.
 */
public final class IdentityMemo {
    static final String ATTRIBUTE = IdentityMemo.class.getName();

    private IdentityMemo() {
    }

    /** The value of {@code type} for this identity, computed by {@code compute} the first time. */
    @SuppressWarnings("unchecked")
    public static <T> T get(SecurityIdentity identity, Class<T> type, Supplier<T> compute) {
        Map<Class<?>, Object> memo = identity.getAttribute(ATTRIBUTE);
        if (memo == null) {
            return compute.get();
        }
        return (T) memo.computeIfAbsent(type, t -> compute.get());
    }

    /** A fresh, empty memo for an identity about to be remembered. */
    static Map<Class<?>, Object> fresh() {
        return new ConcurrentHashMap<>(4);
    }
}
