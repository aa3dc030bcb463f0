package dev.clv.gateway.ratelimit;

/**
 * What became of a metered call, for its final charge: whether its whole body reached the upstream, the upstream's
 * status (0 when it never answered: unreachable, too slow, or the client left first), the rows the upstream says
 * it received ({@code Rows-Received}; -1 without the header) and the rows the gateway counted in the body.
 */
public record Outcome(boolean bodySent, int status, long rowsReceived, long rowsCounted) {

    public boolean answered() {
        return status > 0;
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
