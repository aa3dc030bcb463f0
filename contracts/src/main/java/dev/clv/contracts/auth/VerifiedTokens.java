package dev.clv.contracts.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer tokens this process has already verified, each with the identity it gave, until the token's own
 * {@code exp} and never longer: a client sends the same RS256 token many times, and checking its signature again
 * each time is most of what a call costs. Bounded ({@code clv.auth.token-cache.max-size}, least recently used go
 * first); keyed by the SHA-256 of the token's exact text, so a look-up takes the same time whatever is cached and
 * the cache never holds a usable token. Only successes are kept.
 */
@ApplicationScoped
public class VerifiedTokens {
    private record Verified(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Cache<String, Verified> verified;
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();

    public VerifiedTokens(TokenCacheSettings settings) {
        this.enabled = settings.enabled();
        this.verified = Caffeine.newBuilder().maximumSize(settings.maxSize())
                .expireAfter(new Expiry<String, Verified>() {
                    @Override
                    public long expireAfterCreate(String key, Verified value, long currentTime) {
                        long left = value.expiresAtMillis() - System.currentTimeMillis();
                        return Duration.ofMillis(Math.max(0, left)).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    /** The identity a still-valid token gave when it was verified here, or null. */
    public SecurityIdentity find(String token) {
        if (!enabled) {
            return null;
        }
        Verified hit = verified.getIfPresent(key(token));
        // the entry's expiry is checked by the cache too, but only lazily: never answer past exp
        if (hit == null || hit.expiresAtMillis() <= System.currentTimeMillis()) {
            return null;
        }
        hits.increment();
        return hit.identity();
    }

    /** Remembers an identity verified just now, if it came from a bearer JWT with an expiry. */
    public void remember(SecurityIdentity identity) {
        if (!enabled || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        long exp = jwt.getExpirationTime();
        if (credential != null && credential.getToken() != null && exp > 0) {
            verified.put(key(credential.getToken()), new Verified(detached(identity), exp * 1000));
        }
    }

    /** How many calls were answered from the cache since start. */
    public long hits() {
        return hits.sum();
    }

    /**
     * The identity without the request it was verified in: quarkus-oidc keeps that request's RoutingContext as an
     * attribute, which a cached identity must not hold on to (memory) nor hand to a later request. Permission
     * checkers are not carried over; this platform authorises by the token's scopes ({@link ScopeFilter}).
     */
    private static SecurityIdentity detached(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(RoutingContext.class.getName());
        attributes.put(IdentityMemo.ATTRIBUTE, IdentityMemo.fresh());
        return QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal()).addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials()).addAttributes(attributes)
                .addPermissions(identity.getPermissions()).build();
    }

    /** How many verified tokens are kept now (for tests and metrics). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
