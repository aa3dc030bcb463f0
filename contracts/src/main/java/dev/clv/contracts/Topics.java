package dev.clv.contracts;

/** Kafka topic names and the record-key rule, the one place every producer and consumer takes them from. */
public final class Topics {
    public static final String CUSTOMERS = "customers.v1";
    public static final String TRANSACTIONS = "transactions.v1";
    public static final String INTERACTIONS = "interactions.v1";
    public static final String EVENTS = "events.v1";
    public static final String PRODUCTS = "products.v1";
    public static final String PROFILE_CHANGES = "customer-profile-changes.v1";
    public static final String SCORES = "customer-scores.v1";
    /** Model lifecycle events of the prediction service (a model trained), keyed by tenant. */
    public static final String MODEL_EVENTS = "model-events.v1";
    /**
     * A customer's current segment memberships after any change (segmentation publishes, analytics keeps them for
     * the customer object's {@code segment_ids}), keyed by tenant and customer; the newest {@code changed_at} wins.
     */
    public static final String SEGMENT_MEMBERSHIPS = "segment-memberships.v1";
    /** Privacy requests (erase, export, suppress, unsuppress) for every service to carry out, keyed by tenant. */
    public static final String PRIVACY_REQUESTS = "privacy-requests.v1";
    /** Each service's outcome of a privacy request, keyed by tenant; the orchestrator (ingestion) gathers them. */
    public static final String PRIVACY_RESULTS = "privacy-results.v1";
    /** What each service holds about the customers of an export request, in chunks, keyed by tenant. */
    public static final String PRIVACY_EXPORTS = "privacy-exports.v1";
    /** Per-tenant retention policies, keyed by tenant, the newest {@code updated_at} wins (compacted). */
    public static final String RETENTION_POLICIES = "retention-policies.v1";
    /** Raw records the analytics projection could not read or store, with the reason in headers. */
    public static final String ANALYTICS_DEAD_LETTERS = "analytics-dead-letters.v1";

    private Topics() {
    }

    /** Record key of a customer's records: see {@link CustomerKey}. */
    public static String key(String tenantId, String customerId) {
        return new CustomerKey(tenantId, customerId).encoded();
    }
}
