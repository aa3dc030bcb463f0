package dev.clv.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One customer's profile on {@code customers.v1}. Without {@code patched_fields} it is the whole profile and
 * re-sending it is an upsert (absent fields become null). With {@code patched_fields} it is a partial update: only
 * the profile fields named there change (a named field holding null is cleared), every other field keeps its stored
 * value, and {@code attributes} are merged key by key into the stored ones. Either way the newest
 * {@code ingested_at} wins.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerEvent(
        String tenantId,
        String customerId,
        Instant registrationDate,
        String country,
        String city,
        Integer age,
        String gender,
        String acquisitionSource,
        String segment,
        Boolean isActive,
        String email,
        String name,
        String loyaltyTier,
        Map<String, Object> attributes,
        Instant ingestedAt,
        List<String> patchedFields) {

    /** The profile fields a patch may name, as they are written on the wire, in the record's order. */
    public static final List<String> PROFILE_FIELDS = List.of("registration_date", "country", "city", "age", "gender",
            "acquisition_source", "segment", "is_active", "email", "name", "loyalty_tier");

    /** A whole profile. */
    public CustomerEvent(String tenantId, String customerId, Instant registrationDate, String country, String city,
            Integer age, String gender, String acquisitionSource, String segment, Boolean isActive, String email,
            String name, String loyaltyTier, Map<String, Object> attributes, Instant ingestedAt) {
        this(tenantId, customerId, registrationDate, country, city, age, gender, acquisitionSource, segment,
                isActive, email, name, loyaltyTier, attributes, ingestedAt, null);
    }

    /** Whether this is a partial update. */
    @JsonIgnore
    public boolean isPatch() {
        return patchedFields != null;
    }
}
