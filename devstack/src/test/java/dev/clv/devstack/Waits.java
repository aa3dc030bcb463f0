package dev.clv.devstack;

/** Waiting on the running platform in the devstack tests: a condition polled until it holds or time is up. */
final class Waits {
    /** A condition that may throw while the platform is not there yet. */
    interface Check {
        boolean ok() throws Exception;
    }

    private Waits() {
    }

    /** Polls {@code check} every 200 ms for up to {@code seconds}; fails naming {@code what} when it never holds. */
    static void await(Check check, int seconds, String what) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
