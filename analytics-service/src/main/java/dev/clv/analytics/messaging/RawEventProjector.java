package dev.clv.analytics.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.clv.analytics.repository.ProjectionRepository;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import io.smallrye.mutiny.Uni;

/**
 * Consumes the raw topics in batches and projects each batch in one database transaction. The batch is acked,
 * and so its offsets committed, only after that transaction commits: a crash replays it, and the idempotent
 * upserts make the replay change nothing.
 */
@ApplicationScoped
public class RawEventProjector {
    private final ProjectionRepository repository;

    public RawEventProjector(ProjectionRepository repository) {
        this.repository = repository;
    }

    @Incoming("raw-events")
    public Uni<Void> project(ConsumerRecords<String, byte[]> batch) {
        // the last customer event of a batch wins; records of one customer share a partition, so this is their order
        Map<String, CustomerEvent> customers = new LinkedHashMap<>();
        List<TransactionEvent> transactions = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            switch (record.topic()) {
                case Topics.CUSTOMERS -> {
                    CustomerEvent c = EventJson.read(record.value(), CustomerEvent.class);
                    customers.put(Topics.key(c.tenantId(), c.customerId()), c);
                }
                case Topics.TRANSACTIONS -> transactions.add(EventJson.read(record.value(), TransactionEvent.class));
                default -> {
                    // topics this projector does not own yet are skipped, never fail the batch
                }
            }
        }
        return repository.apply(customers.values(), transactions);
    }
}
