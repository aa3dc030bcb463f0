package dev.clv.contracts.tenant;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * A tenant's settings: its own entry under {@code clv.tenants.overrides}, member by member, else
 * {@code clv.tenants.defaults}, else UTC and USD. A setting that is not a time zone or a currency stops the start.
 */
// created at start, so that a wrong setting stops the start rather than the first write
@Startup
@ApplicationScoped
public class TenantSettingsResolver {
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    public static final String DEFAULT_CURRENCY = "USD";
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private final TenantSettings defaults;
    private final Map<String, TenantSettings> own = new ConcurrentHashMap<>();

    public TenantSettingsResolver(TenantsConfig config) {
        this.defaults = new TenantSettings(
                config.defaults().timeZone().map(z -> zone("clv.tenants.defaults.time-zone", z))
                        .orElse(DEFAULT_TIME_ZONE),
                currency("clv.tenants.defaults.currency", config.defaults().currency().orElse(DEFAULT_CURRENCY)));
        config.overrides().forEach((tenant, settings) -> {
            String key = "clv.tenants.overrides.\"" + tenant + "\".";
            own.put(tenant, new TenantSettings(
                    settings.timeZone().map(z -> zone(key + "time-zone", z)).orElse(defaults.timeZone()),
                    currency(key + "currency", settings.currency().orElse(defaults.currency()))));
        });
    }

    /** The settings of {@code tenant}. */
    public TenantSettings of(String tenant) {
        TenantSettings settings = own.get(tenant);
        return settings == null ? defaults : settings;
    }

    /** The settings of tenants without their own. */
    public TenantSettings defaults() {
        return defaults;
    }

    private static ZoneId zone(String key, String id) {
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(key + " is '" + id + "', not a time zone such as Europe/Berlin");
        }
    }

    private static String currency(String key, String code) {
        try {
            if (CODE.matcher(code).matches() && Currency.getInstance(code) != null) {
                return code;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " is '" + code + "', not an ISO 4217 currency code such as USD");
    }
}
