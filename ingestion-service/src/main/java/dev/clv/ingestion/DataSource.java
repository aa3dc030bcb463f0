package dev.clv.ingestion;

import java.util.Arrays;
import java.util.Optional;

import dev.clv.contracts.Topics;

/** The data sources the write API accepts, each with the topic its rows go to. */
public enum DataSource {
    CUSTOMERS("customers", Topics.CUSTOMERS),
    TRANSACTIONS("transactions", Topics.TRANSACTIONS);

    private final String apiName;
    private final String topic;

    DataSource(String apiName, String topic) {
        this.apiName = apiName;
        this.topic = topic;
    }

    public String apiName() {
        return apiName;
    }

    public String topic() {
        return topic;
    }

    public static Optional<DataSource> byApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName.equals(name)).findFirst();
    }
}
