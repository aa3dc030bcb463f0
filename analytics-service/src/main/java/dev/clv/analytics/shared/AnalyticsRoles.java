package dev.clv.analytics.shared;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this process runs ({@code analytics.roles}, from {@code ANALYTICS_ROLES}): the {@code projection} (Kafka
 * consumers writing the read model), the {@code query} side (every HTTP answer and the snapshot refresh), or both.
 * One image, so Kubernetes can scale the write side on consumer lag and the read side on load.
 */
@Singleton
public class AnalyticsRoles {
    public static final String PROPERTY = "analytics.roles";
    public static final String PROJECTION = "projection";
    public static final String QUERY = "query";
    public static final String ALL = PROJECTION + "," + QUERY;

    private final Set<String> roles;

    public AnalyticsRoles(@ConfigProperty(name = PROPERTY, defaultValue = ALL) String roles) {
        this.roles = parse(roles);
    }

    public boolean projection() {
        return roles.contains(PROJECTION);
    }

    public boolean query() {
        return roles.contains(QUERY);
    }

    /** The roles named in a comma-separated text; an unknown or missing role stops the start with the reason. */
    public static Set<String> parse(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String role : (text == null ? ALL : text).split(",")) {
            String name = role.strip().toLowerCase();
            if (name.isEmpty()) {
                continue;
            }
            if (!List.of(PROJECTION, QUERY).contains(name)) {
                throw new IllegalArgumentException(PROPERTY + " names unknown role '" + role.strip()
                        + "'; the roles are projection and query");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " names no role; use projection, query or both");
        }
        return out;
    }
}
