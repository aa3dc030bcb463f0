package dev.clv.console.users;

/** A person of the tenant as the users page shows them: their console role is admin, analyst, viewer or none. */
public record TenantUser(String id, String username, String name, String email, boolean enabled, String role) {
}
