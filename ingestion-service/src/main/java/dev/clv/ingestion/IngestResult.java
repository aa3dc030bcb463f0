package dev.clv.ingestion;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.clv.contracts.problem.Problem.FieldError;

/** The answer to a write: how many rows were accepted and quarantined, the first row errors, and visibility. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResult(int successfulRows, int quarantinedRows, List<FieldError> errors, Boolean queryable) {
}
