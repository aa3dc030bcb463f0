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
    volatile long touchedAt;

    RateCounter(RateKey key) {
        this.key = key;
    }

    synchronized long used() {
        return shared + inFlight + pending;
    }
}
