package dev.clv.gateway.proxy;

/**
 * One upstream's circuit. Closed, it counts consecutive upstream faults; at the limit it opens and refuses every call
 * for the open period. Then it half-opens: a limited number of trial calls go through, and only when all of them
 * succeed does it close again, while one fault opens it for another period. A call whose client left before the
 * upstream could answer teaches nothing about the upstream: it neither counts as a fault nor as a success.
 * <p>
 * Written here because vertx-circuit-breaker half-opens for exactly one trial call and then lets everything in,
 * and counts every outcome its failure policy does not call a failure as a success (a cancelled trial would close
 * the circuit).
 */
final class UpstreamCircuit {
    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    /** The right to make one call; report its outcome once (later reports are ignored). */
    final class Permit {
        private final boolean trial;
        private boolean reported;

        private Permit(boolean trial) {
            this.trial = trial;
        }

        /** The upstream answered (whatever its status: it is reachable and answering). */
        void succeeded() {
            report(Outcome.SUCCESS);
        }

        /** The upstream could not be reached, did not answer in time, or closed before answering. */
        void failed() {
            report(Outcome.FAULT);
        }

        /** The client left or failed first: nothing was learnt about the upstream. */
        void abandoned() {
            report(Outcome.NONE);
        }

        private void report(Outcome outcome) {
            synchronized (UpstreamCircuit.this) {
                if (!reported) {
                    reported = true;
                    outcome(this, outcome);
                }
            }
        }
    }

    private enum Outcome {
        SUCCESS, FAULT, NONE
    }

    private final int maxFailures;
    private final long openMillis;
    private final int trialCalls;
    private State state = State.CLOSED;
    private int failures;
    private long openUntil;
    private int trialsRunning;
    private int trialsSucceeded;

    UpstreamCircuit(int maxFailures, long openMillis, int trialCalls) {
        this.maxFailures = maxFailures;
        this.openMillis = openMillis;
        this.trialCalls = Math.max(1, trialCalls);
    }

    /** A permit for one call, or null when the circuit refuses it (open, or every trial call is taken). */
    synchronized Permit tryAcquire() {
        if (state == State.OPEN) {
            if (System.currentTimeMillis() < openUntil) {
                return null;
            }
            state = State.HALF_OPEN;
            trialsRunning = 0;
            trialsSucceeded = 0;
        }
        if (state == State.HALF_OPEN) {
            if (trialsRunning + trialsSucceeded >= trialCalls) {
                return null;
            }
            trialsRunning++;
            return new Permit(true);
        }
        return new Permit(false);
    }

    synchronized State state() {
        return state;
    }

    private void outcome(Permit permit, Outcome outcome) {
        if (permit.trial && state == State.HALF_OPEN) {
            trialsRunning--;
            if (outcome == Outcome.FAULT) {
                open();
            } else if (outcome == Outcome.SUCCESS && ++trialsSucceeded >= trialCalls) {
                state = State.CLOSED;
                failures = 0;
            }
        } else if (!permit.trial && state == State.CLOSED) {
            if (outcome == Outcome.SUCCESS) {
                failures = 0;
            } else if (outcome == Outcome.FAULT && ++failures >= maxFailures) {
                open();
            }
        }
        // a call let in before the circuit opened reports too late to matter
    }

    private void open() {
        state = State.OPEN;
        openUntil = System.currentTimeMillis() + openMillis;
        failures = 0;
    }
}
