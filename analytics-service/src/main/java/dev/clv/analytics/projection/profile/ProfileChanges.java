package dev.clv.analytics.projection.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;

/** Builds the {@code customer-profile-changes.v1} records of a projected batch: one per touched customer. */
public final class ProfileChanges {
    /** The profile-change fields each kind of row can move. */
    static final Map<String, List<String>> FIELDS_BY_KIND = Map.of(
            "profile", List.of("registration_date", "country", "city", "age", "gender", "acquisition_source",
                    "segment", "is_active", "loyalty_tier", "email", "name"),
            "transactions", List.of("purchase_count", "total_spent", "net_revenue", "refund_total",
                    "avg_order_value", "first_purchase_at", "last_purchase_at", "recency_days", "frequency"),
            "interactions", List.of("interaction_count", "last_interaction_at", "days_since_last_interaction",
                    "satisfaction", "support_contacts", "app_interactions", "web_interactions"),
            "events", List.of("event_count", "last_event_at"));

    /** Well under the producer's default request limit (1 MiB), which a record may never reach. */
    static final int MAX_RECORD_BYTES = 900_000;
    private static final Logger LOG = Logger.getLogger(ProfileChanges.class);

    private ProfileChanges() {
    }

    /**
     * @param touched per customer key, the kinds of rows of theirs the batch carried
     * @param states the customers' states read after the batch's commit, by customer key
     */
    public static List<ProducerRecord<String, byte[]>> records(Map<String, Set<String>> touched,
            Map<String, CustomerSnapshot> states) {
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(touched.size());
        for (Map.Entry<String, Set<String>> e : touched.entrySet()) {
            CustomerKey key = CustomerKey.parse(e.getKey());
            List<String> fields = new ArrayList<>();
            for (String kind : e.getValue()) {
                fields.addAll(FIELDS_BY_KIND.get(kind));
            }
            CustomerSnapshot state = states.get(e.getKey());
            byte[] value = EventJson.write(new CustomerProfileChange(key.tenant(), key.customerId(), fields, now,
                    state));
            if (value.length > MAX_RECORD_BYTES && state != null) {
                // cannot happen within the caps (activity types, row size); if it does, the record still goes out
                LOG.errorf("The profile change of a customer of %s is %d bytes; sent without its activity",
                        key.tenant(), value.length);
                value = EventJson.write(new CustomerProfileChange(key.tenant(), key.customerId(), fields, now,
                        state.withoutActivity()));
            }
            out.add(new ProducerRecord<>(Topics.PROFILE_CHANGES, e.getKey(), value));
        }
        return out;
    }
}
