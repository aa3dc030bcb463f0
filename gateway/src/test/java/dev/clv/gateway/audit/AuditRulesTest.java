package dev.clv.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which calls are audited, and what an entry keeps of what a client sent; no server needed. */
class AuditRulesTest {

    @Test
    void writesAdminCallsAndPrivacyCallsAreAuditedOrdinaryReadsAreNot() {
        assertTrue(AuditTrail.audited("POST", "segments:write", "/v1/segments"));
        assertTrue(AuditTrail.audited("DELETE", "webhooks:write", "/v1/webhooks/w1"));
        assertTrue(AuditTrail.audited("PATCH", "events:write", "/v1/customers/c1"));
        assertTrue(AuditTrail.audited("GET", "admin", "/admin/metrics"));
        assertTrue(AuditTrail.audited("GET", "privacy:write", "/v1/privacy/requests/r1/export"));
        assertTrue(AuditTrail.audited("GET", "privacy:write", "/v1/privacy"));
        assertFalse(AuditTrail.audited("GET", "analytics:read", "/v1/privacy-notes"));
        assertFalse(AuditTrail.audited("GET", "analytics:read", "/v1/customers/c1"));
        assertFalse(AuditTrail.audited("HEAD", "segments:read", "/v1/segments"));
        assertFalse(AuditTrail.audited("OPTIONS", "segments:read", "/v1/segments"));
    }

    @Test
    void aNewEntryLosesNulsAndOverlongTextAndKeepsItsTimeToTheMicrosecond() {
        AuditEntry e = AuditEntry.of("t", Instant.parse("2025-01-02T03:04:05.123456789Z"), "s\0b", "x".repeat(5000),
                "POST /v1/segments", "/v1/segments", 200, null, null);
        assertEquals("s\uFFFDb", e.actorSub());
        assertEquals(AuditEntry.MAX_TEXT, e.actorName().length());
        assertEquals(Instant.parse("2025-01-02T03:04:05.123456Z"), e.time());
    }

    @Test
    void theHashBindsEveryFieldItsPlaceAndThePreviousHash() {
        AuditEntry e = new AuditEntry("t", Instant.EPOCH, "a", null, "POST /v1/segments", "/v1/segments", 200,
                "r", "ip");
        byte[] h = AuditHash.of(AuditHash.GENESIS, 1, e);
        assertArrayEquals(h, AuditHash.of(new byte[32], 1, e));
        assertNotEquals(AuditHash.hex(h), AuditHash.hex(AuditHash.of(AuditHash.GENESIS, 2, e)));
        assertNotEquals(AuditHash.hex(h), AuditHash.hex(AuditHash.of(h, 1, e)));
        // null and empty differ, and a field's end cannot move into the next
        AuditEntry empty = new AuditEntry("t", Instant.EPOCH, "a", "", "POST /v1/segments", "/v1/segments", 200,
                "r", "ip");
        AuditEntry shifted = new AuditEntry("t", Instant.EPOCH, "a", null, "POST /v1/segments/", "v1/segments", 200,
                "r", "ip");
        assertNotEquals(AuditHash.hex(h), AuditHash.hex(AuditHash.of(AuditHash.GENESIS, 1, empty)));
        assertNotEquals(AuditHash.hex(h), AuditHash.hex(AuditHash.of(AuditHash.GENESIS, 1, shifted)));
    }
}
