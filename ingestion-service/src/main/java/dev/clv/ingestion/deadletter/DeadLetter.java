package dev.clv.ingestion.deadletter;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A row the analytics projection could not store: its data source and row id, why, when, and the record itself
 * (shown as text; kept as bytes so a replay sends exactly what was refused).
 */
public record DeadLetter(UUID id, String dataSource, String rowId, String reason, OffsetDateTime deadAt,
        String record, @JsonIgnore String recordKey, @JsonIgnore byte[] recordBytes) {
}
