package dev.clv.gateway.audit;

/**
 * What recomputing a tenant's chain found: valid with the number of entries checked, or the seq of the first entry
 * that is missing, changed, added or out of place (nulls are left out of the answer).
 */
public record Verification(boolean valid, Long entries, Long firstBrokenSeq) {

    static Verification intact(long entries) {
        return new Verification(true, entries, null);
    }

    static Verification brokenAt(long seq) {
        return new Verification(false, null, seq);
    }
}
