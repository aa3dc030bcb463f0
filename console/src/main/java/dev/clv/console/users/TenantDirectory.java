package dev.clv.console.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The people of one tenant in Keycloak, through its admin API as the client {@code clv-console-users} (which may
 * only query, view and manage users): every method takes the tenant, and a user id is first checked to be the
 * tenant's. The calls block: callers run on worker threads.
 */
@ApplicationScoped
public class TenantDirectory {
    /** The user attribute that names a person's tenant (admin-only in the realm's user profile). */
    static final String TENANT = "tenant";
    private static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    // Keycloak's ids (UUIDs, or federated ids with ':'); never a '/' or '.' that could change the admin API's path
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9:_-]{1,255}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Keycloak keycloak;
    private final String realm;

    // the client logs in to the realm it manages: one realm, configured once
    TenantDirectory(Keycloak keycloak, @ConfigProperty(name = "quarkus.keycloak.admin-client.realm") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** One page of the tenant's users by username, and whether another page follows. */
    public Page list(String tenant, int first, int max) {
        // exact match, and each one checked again: a search that matched loosely must not show another tenant's
        List<UserRepresentation> found = realm().users().searchByAttributes(first, max + 1, null, true, false,
                TENANT + ":" + tenantName(tenant));
        List<TenantUser> users = new ArrayList<>();
        for (UserRepresentation u : found.subList(0, Math.min(max, found.size()))) {
            if (inTenant(u, tenant)) {
                users.add(user(u));
            }
        }
        return new Page(users, found.size() > max);
    }

    /** The tenant's user with this id; any other id (unknown, or another tenant's) is the same 404 refusal. */
    public TenantUser user(String tenant, String id) {
        return user(member(tenant, id));
    }

    /**
     * Creates the user in the tenant, whatever the form said, with the role and a temporary password (Keycloak's
     * required action UPDATE_PASSWORD at the first login); a username or e-mail already taken is a 409 refusal.
     */
    public String create(String tenant, NewUser user) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(user.username());
        rep.setEmail(user.email());
        rep.setFirstName(user.firstName());
        rep.setLastName(user.lastName());
        rep.setEnabled(true);
        rep.setAttributes(Map.of(TENANT, List.of(tenantName(tenant))));
        rep.setRequiredActions(List.of("UPDATE_PASSWORD"));
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(user.password());
        password.setTemporary(true);
        rep.setCredentials(List.of(password));
        String id;
        try (Response created = realm().users().create(rep)) {
            if (created.getStatus() == 409) {
                throw new Refusal(409, taken(reason(created), user));
            }
            if (created.getStatus() == 400) {
                throw new Refusal(400, "Keycloak refused the user: " + reason(created));
            }
            id = CreatedResponseUtil.getCreatedId(created);
        }
        try {
            realm().users().get(id).roles().realmLevel().add(List.of(available(id, user.consoleRole())));
        } catch (RuntimeException e) {
            // a user without their role would log in and see nothing: they are not left behind half made
            realm().users().delete(id).close();
            throw e;
        }
        return id;
    }

    /** Enables or disables the tenant's user; disabling also ends their Keycloak sessions (no refreshed tokens). */
    public void setEnabled(String tenant, String id, boolean enabled) {
        UserRepresentation rep = member(tenant, id);
        // the whole representation back: a PUT without the attributes could drop the tenant attribute
        rep.setEnabled(enabled);
        realm().users().get(rep.getId()).update(rep);
        if (!enabled) {
            realm().users().get(rep.getId()).logout();
        }
    }

    /** Gives the tenant's user {@code role} and takes the other two console roles away; other roles stay. */
    public void setRole(String tenant, String id, ConsoleRole role) {
        String userId = member(tenant, id).getId();
        UserResource user = realm().users().get(userId);
        List<RoleRepresentation> direct = user.roles().realmLevel().listAll();
        List<RoleRepresentation> others = direct.stream().filter(r -> !r.getName().equals(role.realmRole())
                && ConsoleRole.names().contains(r.getName())).toList();
        // the others go first: a failure midway leaves less access, never more
        if (!others.isEmpty()) {
            user.roles().realmLevel().remove(others);
        }
        if (direct.stream().noneMatch(r -> r.getName().equals(role.realmRole()))) {
            user.roles().realmLevel().add(List.of(available(userId, role)));
        }
    }

    /** A page of users and whether there are more. */
    public record Page(List<TenantUser> users, boolean more) {
    }

    private UserRepresentation member(String tenant, String id) {
        if (id == null || !USER_ID.matcher(id).matches()) {
            throw Refusal.noSuchUser();
        }
        UserRepresentation rep;
        try {
            rep = realm().users().get(id).toRepresentation();
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw Refusal.noSuchUser();
            }
            throw e;
        }
        if (!inTenant(rep, tenant)) {
            throw Refusal.noSuchUser();
        }
        return rep;
    }

    /** A person of {@code tenant}: exactly that one tenant attribute, and no client's service account. */
    static boolean inTenant(UserRepresentation u, String tenant) {
        return tenant != null && !tenant.isBlank() && u.getServiceAccountClientId() == null
                && u.getAttributes() != null && List.of(tenant).equals(u.getAttributes().get(TENANT));
    }

    private TenantUser user(UserRepresentation u) {
        List<String> roles = realm().users().get(u.getId()).roles().realmLevel().listAll().stream()
                .map(RoleRepresentation::getName).toList();
        String name = (blank(u.getFirstName()) + " " + blank(u.getLastName())).strip();
        return new TenantUser(u.getId(), u.getUsername(), name, blank(u.getEmail()), Boolean.TRUE.equals(u
                .isEnabled()), ConsoleRole.highest(roles).map(ConsoleRole::realmRole).orElse("none"));
    }

    /**
     * The realm role as the user's role mappings offer it: reading a realm role directly would need view-realm,
     * which this client does not have.
     */
    private RoleRepresentation available(String id, ConsoleRole role) {
        return realm().users().get(id).roles().realmLevel().listAvailable().stream()
                .filter(r -> r.getName().equals(role.realmRole())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the realm role " + role.realmRole()
                        + " cannot be given by this client"));
    }

    private static String tenantName(String tenant) {
        if (tenant == null || !TENANT_NAME.matcher(tenant).matches()) {
            throw new Refusal(403, "Your account names no tenant whose users this page can show.");
        }
        return tenant;
    }

    private static String taken(String reason, NewUser user) {
        boolean username = reason.contains("username");
        boolean email = reason.contains("email");
        String which = username && !email
                ? "The username " + user.username() + " is taken"
                : email && !username
                        ? "The e-mail address " + user.email() + " is taken"
                        : "The username or the e-mail address is taken";
        return which + " (usernames and e-mail addresses are unique across every tenant of the platform).";
    }

    private static String reason(Response response) {
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            for (String field : List.of("errorMessage", "error_description", "error")) {
                if (body.hasNonNull(field)) {
                    return body.path(field).asText();
                }
            }
            return body.toString();
        } catch (Exception e) {
            return "status " + response.getStatus();
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }
}
