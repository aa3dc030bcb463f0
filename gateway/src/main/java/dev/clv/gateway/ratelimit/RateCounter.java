package dev.clv.gateway.ratelimit;

/**
 * One tenant's usage of one policy in one window as this replica sees it: what every replica had used at the last
 * sync, plus what this replica counted since (some of it possibly on its way to the shared table right now).
 * Reservations and their refunds change {@code pending}; every read and change holds the counter's lock, so a
 * check and the reservation that follows it are one step.
 */
final class RateCounter {
    final RateKey key;
    long pending;
    long shared;
    long inFlight;
    /** What this replica added to the shared total: the rest of {@code shared} is the other replicas'. */
    long ownShared;
    volatile long touchedAt;

    RateCounter(RateKey key) {
        this.key = key;
    }

    synchronized long used() {
        return shared + inFlight + pending;
    }

    /**
     * Whether other replicas counted in this window: then this view may hold a reservation another replica has
     * settled since (to less) but not yet synced, so a refusal may be one sync interval stale.
     */
    synchronized boolean othersCounted() {
        return shared > ownShared;
    }
}
