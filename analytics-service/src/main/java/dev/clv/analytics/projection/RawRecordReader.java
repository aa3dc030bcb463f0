package dev.clv.analytics.projection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.TransactionEvent;

/** Reads a raw record into a batch, refusing (with an exception) one that lacks what its table requires. */
@ApplicationScoped
public class RawRecordReader {
    public void addTo(ProjectionBatch batch, ConsumerRecord<String, byte[]> record) {
        switch (record.topic()) {
            case Topics.CUSTOMERS -> {
                CustomerEvent e = EventJson.read(record.value(), CustomerEvent.class);
                require(e.tenantId(), e.customerId(), e.ingestedAt());
                batch.add(e);
            }
            case Topics.TRANSACTIONS -> {
                TransactionEvent e = EventJson.read(record.value(), TransactionEvent.class);
                require(e.tenantId(), e.transactionId(), e.customerId(), e.transactionDate(), e.amount(),
                        e.ingestedAt());
                batch.add(e);
            }
            case Topics.INTERACTIONS -> {
                InteractionEvent e = EventJson.read(record.value(), InteractionEvent.class);
                require(e.tenantId(), e.interactionId(), e.customerId(), e.interactionDate(), e.ingestedAt());
                batch.add(e);
            }
            case Topics.PRODUCTS -> {
                ProductEvent e = EventJson.read(record.value(), ProductEvent.class);
                require(e.tenantId(), e.productId(), e.ingestedAt());
                batch.add(e);
            }
            case Topics.EVENTS -> {
                BehaviouralEvent e = EventJson.read(record.value(), BehaviouralEvent.class);
                require(e.tenantId(), e.eventId(), e.customerId(), e.eventType(), e.timestamp(), e.ingestedAt());
                batch.add(e);
            }
            case Topics.SCORES -> {
                CustomerScore e = EventJson.read(record.value(), CustomerScore.class);
                require(e.tenantId(), e.customerId(), e.modelId(), e.scoredAt());
                batch.add(e);
            }
            default -> throw new IllegalArgumentException("no projection for topic " + record.topic());
        }
    }

    private static void require(Object... values) {
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException("a required field is missing");
            }
        }
    }
}
