package dev.clv.ingestion.pseudonym;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of per-tenant pseudonymisation (prefix {@code clv.pseudonymisation}, docs/privacy.md). */
@ConfigMapping(prefix = "clv.pseudonymisation")
public interface PseudonymConfig {
    /**
     * Base64 of at least 32 random bytes ({@code PSEUDONYMISATION_KEY}); every tenant's key is derived from it.
     * Absent: no tenant can turn pseudonymisation on. Changing it changes every pseudonym made from then on.
     */
    Optional<String> masterKey();

    /**
     * How long a replica trusts the fields a tenant chose without asking the database: a change made through
     * another replica applies here within it (one made through this replica, at once).
     */
    @WithDefault("5s")
    Duration cacheFor();
}
