package dev.clv.gateway.ratelimit;

/**
 * The answer to one admission: whether the call may go on, what it reserved, and what the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} headers tell the client (quota, remaining, seconds until the window
 * resets).
 */
public record RateDecision(boolean allowed, String policy, long quota, long windowSeconds, long resetSeconds,
        long reserved, RateCounter counter) {

    public long remaining() {
        return Math.max(0, quota - counter.used());
    }

    /** {@code "calls";q=1000;w=3600}, as draft-ietf-httpapi-ratelimit-headers defines the policy field. */
    public String policyHeader() {
        return "\"" + policy + "\";q=" + quota + ";w=" + windowSeconds;
    }

    /** {@code "calls";r=998;t=1800}: remaining quota and seconds until it resets. */
    public String limitHeader() {
        return "\"" + policy + "\";r=" + remaining() + ";t=" + resetSeconds;
    }
}
