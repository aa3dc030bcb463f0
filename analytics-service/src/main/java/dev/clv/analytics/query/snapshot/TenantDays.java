package dev.clv.analytics.query.snapshot;

import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.SqlZones;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import dev.clv.contracts.tenant.TenantsConfig;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The time zone of each tenant's own days, as PostgreSQL names it: a snapshot of the pipes (whose "today" is the
 * tenant's) is due again when that day changes, as well as when the UTC day (Customer 360's) does.
 */
@Singleton
public class TenantDays {
    private final Map<String, String> own = new TreeMap<>();
    private final String others;

    public TenantDays(TenantsConfig tenants, TenantSettingsResolver settings) {
        tenants.overrides().keySet().forEach(t -> own.put(t, SqlZones.name(settings.of(t).timeZone())));
        this.others = SqlZones.name(settings.defaults().timeZone());
    }

    /** The zone of {@code tenant}'s days. */
    public String zoneOf(String tenant) {
        return own.getOrDefault(tenant, others);
    }

    /** Appends the tenants with a zone of their own (ids, zones: two arrays) and every other tenant's zone. */
    Tuple addTo(Tuple args) {
        return args.addArrayOfString(own.keySet().toArray(String[]::new))
                .addArrayOfString(own.values().toArray(String[]::new)).addString(others);
    }
}
