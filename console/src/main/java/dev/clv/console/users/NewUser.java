package dev.clv.console.users;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * A user to create, as the form gives them: no tenant (the new user always gets the administrator's), and a
 * temporary password the user must replace at their first login.
 */
public record NewUser(String username, String email, String firstName, String lastName, String role,
        String password) {
    static final NewUser BLANK = new NewUser("", "", "", "", ConsoleRole.VIEWER.realmRole(), "");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX = 255;

    /** What the form says, stripped and unchecked, to show again after a refusal; never the password. */
    static NewUser draft(MultivaluedMap<String, String> form) {
        return new NewUser(text(form, "username"), text(form, "email"), text(form, "first_name"),
                text(form, "last_name"), text(form, "role"), "");
    }

    /** The form as a user to create; a missing or unusable field is a 400 refusal naming it. */
    static NewUser of(MultivaluedMap<String, String> form) {
        NewUser draft = draft(form);
        require(!draft.username.isEmpty(), "username is required");
        require(draft.username.length() <= MAX, "username may have at most " + MAX + " characters");
        require(EMAIL.matcher(draft.email).matches() && draft.email.length() <= MAX,
                "e-mail must be an address such as ana@example.com");
        require(draft.firstName.length() <= MAX && draft.lastName.length() <= MAX,
                "first and last name may have at most " + MAX + " characters each");
        ConsoleRole.of(draft.role);
        // as typed: a password's spaces are the password's
        String password = form.getFirst("password") == null ? "" : form.getFirst("password");
        require(!password.isBlank(), "a temporary password is required");
        require(password.length() <= MAX, "the temporary password may have at most " + MAX + " characters");
        return new NewUser(draft.username, draft.email, draft.firstName, draft.lastName, draft.role, password);
    }

    ConsoleRole consoleRole() {
        return ConsoleRole.of(role);
    }

    /** Without the password: a record's own toString would print it into any log line or message. */
    @Override
    public String toString() {
        return "NewUser[username=" + username + ", email=" + email + ", role=" + role + "]";
    }

    private static String text(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value.strip();
    }

    private static void require(boolean ok, String reason) {
        if (!ok) {
            throw new Refusal(400, reason);
        }
    }
}
