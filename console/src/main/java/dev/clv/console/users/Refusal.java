package dev.clv.console.users;

/**
 * A change the users page will not make, with the HTTP status it is shown with and the reason, named on the page:
 * a form that cannot be used (400), a user outside the administrator's tenant (404, said as no such user), an
 * administrator's change to themself or a username or e-mail already taken (409).
 */
public final class Refusal extends RuntimeException {
    private final int status;

    public Refusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The one answer for an id that is not a user of the tenant, whether or not it exists elsewhere. */
    static Refusal noSuchUser() {
        return new Refusal(404, "There is no such user in your tenant.");
    }
}
