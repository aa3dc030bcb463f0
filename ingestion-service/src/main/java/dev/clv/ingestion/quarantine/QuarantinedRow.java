package dev.clv.ingestion.quarantine;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A rejected row as kept: its public id, where it came from, its raw text, and why it was refused. */
public record QuarantinedRow(UUID id, String dataSource, int row, String raw, String field, String reason,
        OffsetDateTime receivedAt) {
}
