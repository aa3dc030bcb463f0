package dev.clv.console.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The users page's rules that need no Keycloak: what a creation form may say, which roles it may give, which role
 * a user's realm roles show, and who counts as a person of a tenant. The page itself runs against the real
 * Keycloak in devstack's ConsoleUsersTest.
 */
class UserRulesTest {

    @Test
    void theFormGivesAUserStrippedAndNeverATenant() {
        NewUser user = NewUser.of(form("username", " ana ", "email", "ana@example.com ", "first_name", " Ana",
                "last_name", "Lyst ", "role", "analyst", "password", " spaced pass ", "tenant", "someone-else"));
        assertEquals(new NewUser("ana", "ana@example.com", "Ana", "Lyst", "analyst", " spaced pass "), user);
        assertEquals(ConsoleRole.ANALYST, user.consoleRole());
        assertFalse(user.toString().contains("spaced pass"), "the password never reaches a log line");
    }

    @Test
    void aMissingOrUnusableFieldIsNamed() {
        assertRefused("username is required", form("email", "a@b.c", "role", "viewer", "password", "x"));
        assertRefused("e-mail must be", form("username", "a", "email", "not an address", "role", "viewer",
                "password", "x"));
        assertRefused("a temporary password is required", form("username", "a", "email", "a@b.c", "role",
                "viewer", "password", "   "));
        assertRefused("role must be viewer, analyst or admin", form("username", "a", "email", "a@b.c", "role",
                "Admin", "password", "x"));
        // only the three console roles: never another realm role, nor Keycloak's own administration
        for (String role : List.of("platform-admin", "reader", "realm-admin", "manage-users", "")) {
            assertRefused("role must be", form("username", "a", "email", "a@b.c", "role", role, "password", "x"));
        }
        // what was typed comes back for the form, the password never
        NewUser draft = NewUser.draft(form("username", " a ", "email", "bad", "role", "admin", "password", "p"));
        assertEquals(new NewUser("a", "bad", "", "", "admin", ""), draft);
    }

    @Test
    void theRoleShownIsTheHighestOfTheThree() {
        assertEquals(Optional.of(ConsoleRole.ADMIN), ConsoleRole.highest(List.of("reader", "platform-admin",
                "admin", "viewer", "default-roles-clv")));
        assertEquals(Optional.of(ConsoleRole.ANALYST), ConsoleRole.highest(List.of("reader", "analyst")));
        assertEquals(Optional.empty(), ConsoleRole.highest(List.of("reader", "platform-admin")));
        assertEquals(List.of("viewer", "analyst", "admin"), ConsoleRole.names());
    }

    @Test
    void aPersonOfATenantHasExactlyThatTenantAndIsNoServiceAccount() {
        assertTrue(TenantDirectory.inTenant(user(Map.of("tenant", List.of("demo")), null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of("tenant", List.of("demo2")), null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of("tenant", List.of("Demo")), null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of("tenant", List.of("demo", "other")), null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of(), null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(null, null), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of("tenant", List.of("demo")), "clv-demo"), "demo"));
        assertFalse(TenantDirectory.inTenant(user(Map.of("tenant", List.of("")), null), ""));
    }

    private static UserRepresentation user(Map<String, List<String>> attributes, String serviceAccountOf) {
        UserRepresentation u = new UserRepresentation();
        u.setAttributes(attributes);
        u.setServiceAccountClientId(serviceAccountOf);
        return u;
    }

    private static void assertRefused(String reason, MultivaluedMap<String, String> form) {
        Refusal r = assertThrows(Refusal.class, () -> NewUser.of(form));
        assertEquals(400, r.status());
        assertTrue(r.getMessage().startsWith(reason), r.getMessage());
    }

    private static MultivaluedMap<String, String> form(String... pairs) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
