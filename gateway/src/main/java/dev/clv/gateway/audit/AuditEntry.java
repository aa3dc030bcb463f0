package dev.clv.gateway.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One audited call or action, before the chain gives it its place: when, whose tenant, who (the token's subject
 * and display name, or an API key's id), what (method and route pattern), on what (the concrete path, never a
 * query or a body), with what result (the HTTP status), and how to find it elsewhere (request id, client address).
 */
public record AuditEntry(String tenant, Instant time, String actorSub, String actorName, String action,
        String target, int result, String requestId, String clientIp) {
    /** Longest text kept in a field; a longer one (a path, a claim) is cut. */
    static final int MAX_TEXT = 2048;

    /** The time is kept to the microsecond, as PostgreSQL stores it, so a row read back hashes the same. */
    public AuditEntry {
        time = time.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A new entry of what a request carried: texts are cut to {@link #MAX_TEXT} and lose NUL characters, which
     * PostgreSQL refuses, so no claim or path a client chose can stop the writer. (Rows read back are taken as
     * stored, so verification hashes exactly what is there.)
     */
    public static AuditEntry of(String tenant, Instant time, String actorSub, String actorName, String action,
            String target, int result, String requestId, String clientIp) {
        return new AuditEntry(clean(tenant), time, clean(actorSub), clean(actorName), clean(action), clean(target),
                result, clean(requestId), clean(clientIp));
    }

    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        return cut.indexOf('\0') < 0 ? cut : cut.replace('\0', '\uFFFD');
    }
}
