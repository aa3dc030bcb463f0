package dev.clv.analytics.shared;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns the roles into the settings that enforce them before anything starts: without the projection role the
 * raw-events channel is disabled, so no Kafka consumer is created at all. Its ordinal (275) sits above
 * application.properties and below the environment, so an explicit setting still wins.
 */
public class RolesConfigSourceFactory implements ConfigSourceFactory {
    static final String CHANNEL_ENABLED = "mp.messaging.incoming.raw-events.enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(AnalyticsRoles.PROPERTY);
        boolean projection = AnalyticsRoles.parse(value == null ? null : value.getValue())
                .contains(AnalyticsRoles.PROJECTION);
        return List.of(new PropertiesConfigSource(Map.of(CHANNEL_ENABLED, Boolean.toString(projection)),
                "analytics-roles", 275));
    }
}
