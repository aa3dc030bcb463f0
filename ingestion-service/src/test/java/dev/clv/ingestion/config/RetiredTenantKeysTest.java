package dev.clv.ingestion.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The tenant settings moved to {@code clv.tenants}: an old {@code ingestion.*} name left in a configuration stops
 * the start naming it, rather than being ignored while the tenant's rows are read in the wrong zone or currency.
 */
class RetiredTenantKeysTest {

    @Test
    void anOldTenantKeyStopsTheStartNamingIt() {
        for (String old : new String[]{"ingestion.default-time-zone", "ingestion.default-currency",
                "ingestion.tenants.berlin.time-zone"}) {
            ConfigValidationException e = assertThrows(ConfigValidationException.class,
                    () -> new SmallRyeConfigBuilder().withMapping(IngestionConfig.class)
                            .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                            .withConverter(java.time.Duration.class, 100, new DurationConverter())
                            .withSources(new PropertiesConfigSource(Map.of(old, "EUR"), "test", 100)).build());
            assertTrue(e.getMessage().contains(old + " in"), e.getMessage());
        }
    }
}
