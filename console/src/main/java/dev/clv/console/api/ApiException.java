package dev.clv.console.api;

/** The platform's API refused or failed a call: its status and the problem's detail, shown to the user as such. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
