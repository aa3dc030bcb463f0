package dev.clv.ingestion.pseudonym;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of the pseudonymisation routes: the fields chosen (empty: none), when they were last set (null: never),
 * and whether this service has the key to make pseudonyms.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PseudonymisationView(List<String> fields, OffsetDateTime updatedAt, boolean keyConfigured) {
}
