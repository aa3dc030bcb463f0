package dev.clv.segmentation.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.ModelTrained;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.segmentation.kafka.ConsumersConfig;
import dev.clv.segmentation.kafka.SkippedRecords;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns trained-model events into {@code model.trained} webhook messages, queued in the {@link Outbox}. The message
 * id is derived from the model and the endpoint, so a redelivered event queues nothing twice. Records are keyed by
 * tenant alone (the prediction service's ScorePublisher): the key decides the tenant, and an event naming another one
 * is skipped. A batch's offsets are committed once its messages are queued; a failure replays it.
 */
@ApplicationScoped
public class ModelEventConsumer {
    static final String GROUP = "segmentation-models";
    private final Pool pool;
    private final ObjectMapper mapper;
    private final SkippedRecords skipped;

    public ModelEventConsumer(Pool pool, ObjectMapper mapper, SkippedRecords skipped) {
        this.pool = pool;
        this.mapper = mapper;
        this.skipped = skipped;
    }

    void start(@Observes StartupEvent started, KafkaConsumers consumers, ConsumersConfig config) {
        consumers.start(new BatchConsumer.Options(GROUP, GROUP, List.of(Topics.MODEL_EVENTS), config.members(),
                config.maxBatch()), this::consume);
    }

    private record Message(String tenant, ModelTrained event, String body) {
    }

    CompletionStage<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Message> messages = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ModelTrained event;
            String body;
            try {
                event = EventJson.read(record.value(), ModelTrained.class);
                body = mapper.writeValueAsString(mapper.createObjectNode().put("type", "model.trained")
                        .put("timestamp", event.trainedAt().toString()).set("data", ((ObjectNode) mapper
                                .valueToTree(event)).without("tenant_id")));
            } catch (RuntimeException | JsonProcessingException e) {
                skipped.skip(record, SkippedRecords.UNREADABLE, e.toString());
                continue;
            }
            if (record.key() == null || !record.key().equals(event.tenantId())) {
                skipped.skip(record, SkippedRecords.KEY_MISMATCH, "the event names another tenant than the key");
                continue;
            }
            messages.add(new Message(record.key(), event, body));
        }
        return Multi.createFrom().iterable(messages).onItem()
                .transformToUniAndConcatenate(m -> Outbox.modelTrained(pool, m.tenant(), m.event().modelId(), m
                        .body()))
                .collect().last().replaceWithVoid().subscribeAsCompletionStage();
    }
}
