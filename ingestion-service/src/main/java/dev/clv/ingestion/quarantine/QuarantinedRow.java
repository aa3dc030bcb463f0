package dev.clv.ingestion.quarantine;

import java.time.OffsetDateTime;

/** A rejected row as kept: where it came from, its raw text, and why it was refused. */
public record QuarantinedRow(long id, String dataSource, int row, String raw, String field, String reason,
        OffsetDateTime receivedAt) {
}
