package dev.clv.contracts.tenant;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Every tenant's time zone (of local dates and times, written and asked) and currency (of amounts sent without one):
 * {@code clv.tenants.defaults.time-zone} [UTC] and {@code .currency} [USD] for every tenant, and
 * {@code clv.tenants.overrides."<tenant>".time-zone|currency} for one; an unset member falls back to the default.
 * Read through {@link TenantSettingsResolver}, which applies the fallbacks.
 */
@ConfigMapping(prefix = "clv.tenants")
public interface TenantsConfig {

    /** The settings of every tenant without its own. */
    Settings defaults();

    /** One tenant's own settings, by tenant id (the token's {@code tenant} claim). */
    Map<String, Settings> overrides();

    /** Time zone (an IANA id such as Europe/Berlin) and ISO 4217 currency code; unset means "the default". */
    interface Settings {
        // text, not ZoneId: the resolver names the key of a zone that is none
        Optional<String> timeZone();

        Optional<String> currency();
    }
}
