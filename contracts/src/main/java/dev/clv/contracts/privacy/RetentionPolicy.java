package dev.clv.contracts.privacy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A tenant's retention policy: per kind of data, how many days it is kept (absent: the platform's default, null
 * value: kept for ever). The kinds and their defaults are {@link #DEFAULT_DAYS}; the audit log is not among them, its
 * period is the operator's (a tenant admin does not shorten the record of their own actions).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetentionPolicy(String tenantId,
        // null days mean "for ever" and must reach the services as such (a dropped entry would mean "the default")
        @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Integer> days,
        Instant updatedAt) {

    /** Behavioural events ({@code analytics.events}), by the time they happened. */
    public static final String EVENTS = "events";
    /** Raw transactions ({@code analytics.transactions}); their rollups stay. */
    public static final String TRANSACTIONS = "transactions";
    /** Raw interactions ({@code analytics.interactions}); their rollups stay. */
    public static final String INTERACTIONS = "interactions";
    /** Quarantined rows ({@code ingestion.quarantined_rows}), by when they arrived. */
    public static final String QUARANTINE = "quarantine";
    /** Dead letters ({@code ingestion.dead_letters}), by when they died. */
    public static final String DEAD_LETTERS = "dead_letters";
    /** Finished webhook deliveries and their attempts ({@code segmentation.webhook_deliveries}). */
    public static final String WEBHOOK_DELIVERIES = "webhook_deliveries";
    /** Ended segment stays ({@code segmentation.memberships}), by when they ended; current stays always stay. */
    public static final String MEMBERSHIP_HISTORY = "membership_history";
    /** The stored parts of finished privacy exports ({@code ingestion.privacy_export_parts}). */
    public static final String PRIVACY_EXPORTS = "privacy_exports";

    /** Every kind, in the order answers list them, with its default days (null: kept for ever). */
    public static final Map<String, Integer> DEFAULT_DAYS;

    static {
        Map<String, Integer> defaults = new LinkedHashMap<>();
        defaults.put(EVENTS, 730);
        defaults.put(TRANSACTIONS, null);
        defaults.put(INTERACTIONS, null);
        defaults.put(QUARANTINE, 30);
        defaults.put(DEAD_LETTERS, 30);
        defaults.put(WEBHOOK_DELIVERIES, 30);
        defaults.put(MEMBERSHIP_HISTORY, 730);
        defaults.put(PRIVACY_EXPORTS, 30);
        DEFAULT_DAYS = Collections.unmodifiableMap(defaults);
    }

    /** The kinds, in order. */
    public static List<String> kinds() {
        return List.copyOf(DEFAULT_DAYS.keySet());
    }

    /** Days this policy keeps {@code kind}: its own value when it names the kind, else the default; empty: for ever. */
    public Optional<Integer> daysOf(String kind) {
        if (days != null && days.containsKey(kind)) {
            return Optional.ofNullable(days.get(kind));
        }
        return Optional.ofNullable(DEFAULT_DAYS.get(kind));
    }

    /** Days the platform keeps {@code kind} for a tenant without a policy of its own; empty: for ever. */
    public static Optional<Integer> defaultDays(String kind) {
        return Optional.ofNullable(DEFAULT_DAYS.get(kind));
    }
}
