package dev.clv.ingestion;

import java.util.Arrays;
import java.util.Optional;

import dev.clv.contracts.Topics;

/**
 * The data sources the write API accepts. Sources with a row id are append-only and deduplicated by that id for
 * ever; customers and products are upserts, where sending a row again updates it.
 */
public enum DataSource {
    CUSTOMERS("customers", Topics.CUSTOMERS, null),
    TRANSACTIONS("transactions", Topics.TRANSACTIONS, "transaction_id"),
    INTERACTIONS("customer_interactions", Topics.INTERACTIONS, "interaction_id"),
    PRODUCTS("products", Topics.PRODUCTS, null),
    EVENTS("events", Topics.EVENTS, "event_id");

    private final String apiName;
    private final String topic;
    private final String rowIdField;

    DataSource(String apiName, String topic, String rowIdField) {
        this.apiName = apiName;
        this.topic = topic;
        this.rowIdField = rowIdField;
    }

    public String apiName() {
        return apiName;
    }

    public String topic() {
        return topic;
    }

    /** The field whose value identifies a row for deduplication; null for upsert sources. */
    public String rowIdField() {
        return rowIdField;
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(DataSource::apiName).toList());
    }

    public static Optional<DataSource> byTopic(String topic) {
        return Arrays.stream(values()).filter(d -> d.topic.equals(topic)).findFirst();
    }

    public static Optional<DataSource> byApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName.equals(name)).findFirst();
    }
}
