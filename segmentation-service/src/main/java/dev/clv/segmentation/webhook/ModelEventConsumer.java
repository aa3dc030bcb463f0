package dev.clv.segmentation.webhook;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.ModelTrained;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns trained-model events into {@code model.trained} webhook messages, queued in the {@link Outbox}. The message
 * id is derived from the model and the endpoint, so a redelivered event queues nothing twice.
 */
@ApplicationScoped
public class ModelEventConsumer {
    private static final Logger LOG = Logger.getLogger(ModelEventConsumer.class);
    private final Pool pool;
    private final ObjectMapper mapper;

    public ModelEventConsumer(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    @Incoming("model-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        ModelTrained event;
        String body;
        try {
            event = EventJson.read(record.value(), ModelTrained.class);
            body = mapper.writeValueAsString(mapper.createObjectNode().put("type", "model.trained")
                    .put("timestamp", event.trainedAt().toString()).set("data", ((ObjectNode) mapper.valueToTree(event))
                            .without("tenant_id")));
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warnf("Skipping an unreadable model event at offset %d: %s", record.offset(), e.toString());
            return Uni.createFrom().voidItem();
        }
        return Outbox.modelTrained(pool, event.tenantId(), event.modelId(), body).onFailure().retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}
