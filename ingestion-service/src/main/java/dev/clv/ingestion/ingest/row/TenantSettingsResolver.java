package dev.clv.ingestion.ingest.row;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.ingestion.config.IngestionConfig;

/** A tenant's time zone and currency: its own entry under {@code ingestion.tenants}, else the defaults. */
@ApplicationScoped
public class TenantSettingsResolver {
    private final IngestionConfig config;
    private final Map<String, TenantSettings> cache = new ConcurrentHashMap<>();

    public TenantSettingsResolver(IngestionConfig config) {
        this.config = config;
    }

    public TenantSettings of(String tenant) {
        return cache.computeIfAbsent(tenant, t -> {
            IngestionConfig.Tenant own = config.tenants().get(t);
            return new TenantSettings(
                    own == null ? config.defaultTimeZone() : own.timeZone().orElse(config.defaultTimeZone()),
                    own == null ? config.defaultCurrency() : own.currency().orElse(config.defaultCurrency()));
        });
    }
}
