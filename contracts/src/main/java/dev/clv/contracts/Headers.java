package dev.clv.contracts;

/** HTTP headers the services and the gateway agree on. */
public final class Headers {
    /** Rows a write received (accepted, quarantined or duplicate): what the gateway charges to the events quota. */
    public static final String ROWS_RECEIVED = "Rows-Received";

    private Headers() {
    }
}
