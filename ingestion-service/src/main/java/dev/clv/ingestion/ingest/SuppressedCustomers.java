package dev.clv.ingestion.ingest;

import java.util.Set;
import java.util.stream.Stream;

/**
 * The customers a tenant asked us to take no data for. The privacy feature implements it; declaring it here lets
 * every write path drop their rows without depending on privacy, which itself uses ingest's tables.
 */
public interface SuppressedCustomers {
    /**
     * Which of {@code customerIds} are suppressed for the tenant. Blocking (a worker thread); the ids are only
     * walked when the tenant has any suppression, which is usually known without asking the database.
     */
    Set<String> among(String tenant, Stream<String> customerIds);
}
