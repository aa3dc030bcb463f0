package dev.clv.prediction;

import java.util.concurrent.CancellationException;

/** What a long computation tells its job (progress) and asks it (whether to stop). */
public interface JobControl {
    JobControl NONE = new JobControl() {
        @Override
        public void progress(double fraction, String stage) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    void progress(double fraction, String stage);

    boolean cancelled();

    /** Throws once the job was cancelled, so that deep loops stop at their next check. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
