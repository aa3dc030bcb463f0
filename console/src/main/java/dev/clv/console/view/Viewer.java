package dev.clv.console.view;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is looking: their name, their tenant (a per-user attribute in Keycloak, carried as the {@code tenant} claim)
 * and the console role they hold, the highest of admin, analyst and viewer.
 */
public record Viewer(String name, String tenant, String role) {
    static final List<String> ROLES = List.of("admin", "analyst", "viewer");

    public static Viewer of(SecurityIdentity identity, JsonWebToken idToken) {
        String name = idToken.getClaim("preferred_username") != null
                ? idToken.getClaim("preferred_username").toString()
                : identity.getPrincipal().getName();
        Object tenant = idToken.getClaim("tenant");
        String role = ROLES.stream().filter(identity::hasRole).findFirst().orElse("none");
        return new Viewer(name, tenant == null ? "" : tenant.toString(), role);
    }

    public boolean canEdit() {
        return role.equals("admin") || role.equals("analyst");
    }

    public boolean isAdmin() {
        return role.equals("admin");
    }
}
