package dev.clv.analytics.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.event.TransactionEvent;

/**
 * The events of one consumed batch, by data source. For upserted sources the last event per id wins (a customer
 * patch is merged into the event before it): records of one id share a partition, so that is their order, and one
 * statement may not update a row twice.
 */
public final class ProjectionBatch {
    public final Map<String, CustomerEvent> customers = new LinkedHashMap<>();
    public final List<TransactionEvent> transactions = new ArrayList<>();
    public final List<InteractionEvent> interactions = new ArrayList<>();
    public final Map<String, ProductEvent> products = new LinkedHashMap<>();
    public final List<BehaviouralEvent> events = new ArrayList<>();
    public final Map<String, CustomerScore> scores = new LinkedHashMap<>();
    public final Map<String, SegmentMemberships> memberships = new LinkedHashMap<>();
    private final Map<String, Instant> watermarks = new HashMap<>();
    private final Map<String, Set<String>> touched = new LinkedHashMap<>();
    private final SortedSet<String> scoredTenants = new TreeSet<>();

    /** The batch of these records, in their order. */
    public static ProjectionBatch of(List<RawRecordReader.Read> records) {
        ProjectionBatch batch = new ProjectionBatch();
        records.forEach(r -> r.into().accept(batch));
        return batch;
    }

    public void add(CustomerEvent e) {
        // a patch after an earlier event of the batch is applied to it, not put in its place
        customers.merge(Topics.key(e.tenantId(), e.customerId()), e, CustomerMerge::apply);
        seen(e.tenantId(), e.customerId(), e.ingestedAt(), "profile");
    }

    public void add(TransactionEvent e) {
        transactions.add(e);
        seen(e.tenantId(), e.customerId(), e.ingestedAt(), "transactions");
    }

    public void add(InteractionEvent e) {
        interactions.add(e);
        seen(e.tenantId(), e.customerId(), e.ingestedAt(), "interactions");
    }

    public void add(ProductEvent e) {
        products.put(Topics.key(e.tenantId(), e.productId()), e);
        watermark(e.tenantId(), e.ingestedAt());
    }

    public void add(BehaviouralEvent e) {
        events.add(e);
        seen(e.tenantId(), e.customerId(), e.ingestedAt(), "events");
    }

    /**
     * Model scores feed forecasts only: they move no watermark (they are not ingested rows) and announce no profile
     * change, but they do change the tenant's answers (see {@link #scoredTenants()}).
     */
    public void add(CustomerScore e) {
        scores.merge(Topics.key(e.tenantId(), e.customerId()), e,
                (a, b) -> b.scoredAt().isBefore(a.scoredAt()) ? a : b);
        scoredTenants.add(e.tenantId());
    }

    /**
     * A customer's current segments: only the newest of the batch is kept (one statement may update a row once).
     * Memberships are derived, not ingested: they move no watermark, announce no profile change (that would feed
     * the segmentation service its own output) and change no snapshot.
     */
    public void add(SegmentMemberships e) {
        memberships.merge(Topics.key(e.tenantId(), e.customerId()), e,
                (a, b) -> b.changedAt().isBefore(a.changedAt()) ? a : b);
    }

    /** The tenants this batch carried model scores for, in order. */
    public SortedSet<String> scoredTenants() {
        return scoredTenants;
    }

    /** Per tenant, the newest ingestion time in this batch. */
    public Map<String, Instant> watermarks() {
        return watermarks;
    }

    /** Per tenant and customer key, which kinds of rows of theirs this batch carried. */
    public Map<String, Set<String>> touched() {
        return touched;
    }

    private void seen(String tenant, String customer, Instant ingestedAt, String kind) {
        touched.computeIfAbsent(Topics.key(tenant, customer), k -> new LinkedHashSet<>()).add(kind);
        watermark(tenant, ingestedAt);
    }

    private void watermark(String tenant, Instant ingestedAt) {
        if (ingestedAt != null) {
            watermarks.merge(tenant, ingestedAt, (a, b) -> a.isAfter(b) ? a : b);
        }
    }
}
