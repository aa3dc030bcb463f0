package dev.clv.analytics.shared;

/**
 * The advisory lock (hashed with {@code hashtext}) a tenant's answer-snapshot refresh holds while it runs; an erase
 * takes it too, so no refresh that read an erased customer can store its answers after the erase.
 */
public final class SnapshotLock {
    private SnapshotLock() {
    }

    public static String name(String tenant) {
        return "answer-snapshots:" + tenant;
    }
}
