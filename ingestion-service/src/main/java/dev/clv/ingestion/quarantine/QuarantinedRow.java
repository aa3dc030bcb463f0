package dev.clv.ingestion.quarantine;

import java.time.OffsetDateTime;
import java.util.UUID;

import dev.clv.ingestion.ingest.row.RowRules;

/**
 * A rejected row as kept: its public id, where it came from, its raw text, why it was refused, and how it was
 * read: as a customer patch ({@code PATCH /v1/customers/{id}}), or with a missing event timestamp standing for the
 * time it was received ({@code /v1/events}). A replay reads it the same way.
 */
public record QuarantinedRow(UUID id, String dataSource, int row, String raw, String field, String reason,
        OffsetDateTime receivedAt, boolean patch, boolean timestampDefaults) {

    /** The rules a replay reads this row by: the ones it came in with, a missing timestamp at its first arrival. */
    RowRules rules() {
        return new RowRules(patch, timestampDefaults, timestampDefaults ? receivedAt.toInstant() : null);
    }
}
