package dev.clv.ingestion.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The 503 problem when Kafka did not acknowledge every row: an exact account of which rows were taken (durable,
 * and reported as duplicates if sent again) and which were not (safe and necessary to send again).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartialFailure(String type, String title, int status, String detail, int successfulRows,
        int quarantinedRows, int duplicateRows, List<Integer> failedRows) {
}
