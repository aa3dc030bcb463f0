package dev.clv.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A customer's state right after a change was stored: the profile, the aggregates, and activity per UTC day over the
 * last {@link #ACTIVITY_DAYS} days. Carried by profile changes so that consumers never read another service's
 * tables nor call back for it (event-carried state transfer).
 *
 * @param activity counts per activity name and UTC day: {@code purchase} (purchases, refunds excluded),
 *        {@code interaction} (every interaction) and behavioural event types, at most {@link #ACTIVITY_EVENT_TYPES}
 *        of them (the customer's most frequent in the window, ties by name); days without activity are absent
 */
public record CustomerSnapshot(Instant registrationDate, String country, String city, Integer age, String gender,
        String acquisitionSource, String segment, String loyaltyTier, Boolean isActive,
        Map<String, Object> attributes, long purchaseCount, BigDecimal netRevenue, BigDecimal grossRevenue,
        long refundCount, Instant firstPurchaseAt, Instant lastPurchaseAt, long interactionCount,
        Instant lastInteractionAt, long satisfactionSum, long satisfactionCount, long supportContacts,
        long eventCount, Instant lastEventAt, Map<String, Map<LocalDate, Long>> activity) {
    /** How far back {@link #activity} reaches: the longest window a segment criterion may count over. */
    public static final int ACTIVITY_DAYS = 366;

    /**
     * How many behavioural event types {@link #activity} carries at most, so that a record stays far below Kafka's
     * record limit whatever a customer sends (366 days × 32 activities is about 220 KB at worst).
     */
    public static final int ACTIVITY_EVENT_TYPES = 30;

    /** This state without its activity: what a record carries when even the capped activity would not fit. */
    public CustomerSnapshot withoutActivity() {
        return new CustomerSnapshot(registrationDate, country, city, age, gender, acquisitionSource, segment,
                loyaltyTier, isActive, attributes, purchaseCount, netRevenue, grossRevenue, refundCount,
                firstPurchaseAt, lastPurchaseAt, interactionCount, lastInteractionAt, satisfactionSum,
                satisfactionCount, supportContacts, eventCount, lastEventAt, Map.of());
    }
}
