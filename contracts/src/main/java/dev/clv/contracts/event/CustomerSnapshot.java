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
 *        {@code interaction} (every interaction) and each behavioural event type; days without activity are absent
 */
public record CustomerSnapshot(Instant registrationDate, String country, String city, Integer age, String gender,
        String acquisitionSource, String segment, String loyaltyTier, Boolean isActive,
        Map<String, Object> attributes, long purchaseCount, BigDecimal netRevenue, BigDecimal grossRevenue,
        long refundCount, Instant firstPurchaseAt, Instant lastPurchaseAt, long interactionCount,
        Instant lastInteractionAt, long satisfactionSum, long satisfactionCount, long supportContacts,
        long eventCount, Instant lastEventAt, Map<String, Map<LocalDate, Long>> activity) {
    /** How far back {@link #activity} reaches: the longest window a segment criterion may count over. */
    public static final int ACTIVITY_DAYS = 366;
}
