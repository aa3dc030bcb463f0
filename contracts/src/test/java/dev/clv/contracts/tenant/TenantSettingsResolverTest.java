package dev.clv.contracts.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** clv.tenants: a tenant's own settings member by member, else the defaults, else UTC and USD. */
class TenantSettingsResolverTest {

    private static TenantSettingsResolver resolver(Map<String, String> properties) {
        TenantsConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).withMapping(TenantsConfig.class)
                .build().getConfigMapping(TenantsConfig.class);
        return new TenantSettingsResolver(config);
    }

    @Test
    void nothingSetMeansUtcAndUsd() {
        assertEquals(new TenantSettings(ZoneId.of("UTC"), "USD"), resolver(Map.of()).of("anyone"));
    }

    @Test
    void aTenantsOwnMembersWinOneByOne() {
        TenantSettingsResolver tenants = resolver(Map.of("clv.tenants.defaults.time-zone", "America/New_York",
                "clv.tenants.defaults.currency", "CAD", "clv.tenants.overrides.berlin.time-zone", "Europe/Berlin",
                "clv.tenants.overrides.berlin.currency", "EUR", "clv.tenants.overrides.oslo.time-zone", "Europe/Oslo",
                "clv.tenants.overrides.\"acme.eu\".currency", "CHF"));
        assertEquals(new TenantSettings(ZoneId.of("Europe/Berlin"), "EUR"), tenants.of("berlin"));
        assertEquals(new TenantSettings(ZoneId.of("Europe/Oslo"), "CAD"), tenants.of("oslo"));
        // a tenant id with a dot is quoted in the key
        assertEquals(new TenantSettings(ZoneId.of("America/New_York"), "CHF"), tenants.of("acme.eu"));
        assertEquals(new TenantSettings(ZoneId.of("America/New_York"), "CAD"), tenants.of("anyone"));
        assertEquals(tenants.of("anyone"), tenants.defaults());
    }

    @Test
    void aCurrencyThatIsNoneStopsTheStartNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolver(Map.of("clv.tenants.overrides.acme.currency", "EURO")));
        assertEquals("clv.tenants.overrides.\"acme\".currency is 'EURO', not an ISO 4217 currency code such as USD",
                e.getMessage());
        assertEquals("clv.tenants.defaults.time-zone is 'Mars/Base', not a time zone such as Europe/Berlin",
                assertThrows(IllegalArgumentException.class,
                        () -> resolver(Map.of("clv.tenants.defaults.time-zone", "Mars/Base"))).getMessage());
    }
}
