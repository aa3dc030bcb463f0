package dev.clv.ingestion.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.clv.contracts.problem.Problem.FieldError;

/**
 * The answer to a write: rows accepted, quarantined, recognised as duplicates and dropped because their customer
 * is suppressed (neither stored nor quarantined), the first row errors, the fields the server filled in
 * ({@code defaults}, only when it did), and with {@code wait=true} whether the rows are queryable yet (if not,
 * {@code status_url} tells when they are).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResult(int successfulRows, int quarantinedRows, int duplicateRows, int suppressedRows,
        List<FieldError> errors, List<Defaults> defaults, Boolean queryable, String statusUrl) {

    /** This answer with the outcome of waiting until queryable. */
    public IngestResult withWait(boolean queryable, String statusUrl) {
        return new IngestResult(successfulRows, quarantinedRows, duplicateRows, suppressedRows, errors, defaults,
                queryable, statusUrl);
    }
}
