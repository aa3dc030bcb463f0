package dev.clv.ingestion.ingest;

/** Carries a {@link PartialFailure} to the REST layer, which answers it as a 503 problem with Retry-After. */
public class PartialFailureException extends RuntimeException {
    private final transient PartialFailure failure;

    public PartialFailureException(PartialFailure failure) {
        super(failure.detail(), null, false, false);
        this.failure = failure;
    }

    public PartialFailure failure() {
        return failure;
    }
}
