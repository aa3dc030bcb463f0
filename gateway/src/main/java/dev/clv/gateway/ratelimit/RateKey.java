package dev.clv.gateway.ratelimit;

import java.time.Instant;

/** A usage row: whose quota ({@code tenant:<tenant>}), the policy ({@code calls} or {@code events}), the window. */
record RateKey(String client, String policy, Instant windowStart) {
}
