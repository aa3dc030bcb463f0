package dev.clv.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's usage of one policy in one window as this replica sees it: what every replica had used at the last
 * sync, plus what this replica counted since (some of it possibly on its way to the shared table right now).
 */
final class RateCounter {
    final RateKey key;
    final AtomicLong pending = new AtomicLong();
    volatile long shared;
    volatile long inFlight;
    volatile long touchedAt;

    RateCounter(RateKey key) {
        this.key = key;
    }

    long used() {
        return shared + inFlight + pending.get();
    }
}
