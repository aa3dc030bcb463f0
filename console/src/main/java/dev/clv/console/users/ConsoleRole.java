package dev.clv.console.users;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The three console roles, highest first: each is the Keycloak realm role of the same name, and a user holds one. */
public enum ConsoleRole {
    ADMIN, ANALYST, VIEWER;

    /** The realm role's name, as forms and tokens carry it. */
    public String realmRole() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every role's name, lowest first, as the forms offer them. */
    static List<String> names() {
        return List.of(VIEWER.realmRole(), ANALYST.realmRole(), ADMIN.realmRole());
    }

    /**
     * The role a form names, exactly; anything else (another realm role such as {@code realm-admin} included) is a
     * 400 refusal, so a form can never hand out a role outside these three.
     */
    static ConsoleRole of(String value) {
        for (ConsoleRole role : values()) {
            if (role.realmRole().equals(value)) {
                return role;
            }
        }
        throw new Refusal(400, "role must be viewer, analyst or admin");
    }

    /** The highest console role among a user's realm roles; empty when they hold none of the three. */
    static Optional<ConsoleRole> highest(Collection<String> realmRoles) {
        return Arrays.stream(values()).filter(r -> realmRoles.contains(r.realmRole())).findFirst();
    }
}
