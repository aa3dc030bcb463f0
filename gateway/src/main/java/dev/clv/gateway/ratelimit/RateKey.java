package dev.clv.gateway.ratelimit;

import java.time.Instant;

/** A client's usage row: client id, policy ({@code calls} or {@code events}) and the window's start. */
record RateKey(String client, String policy, Instant windowStart) {
}
