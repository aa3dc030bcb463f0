package dev.clv.ingestion.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.clv.contracts.problem.Problem.FieldError;

/**
 * The answer to a write: rows accepted, quarantined and recognised as duplicates, the first row errors, and with
 * {@code wait=true} whether the rows are queryable yet (if not, {@code status_url} tells when they are).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResult(int successfulRows, int quarantinedRows, int duplicateRows, List<FieldError> errors,
        Boolean queryable, String statusUrl) {

    /** This answer with the outcome of waiting until queryable. */
    public IngestResult withWait(boolean queryable, String statusUrl) {
        return new IngestResult(successfulRows, quarantinedRows, duplicateRows, errors, queryable, statusUrl);
    }
}
