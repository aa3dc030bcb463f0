package dev.clv.contracts.kafka;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the process's Kafka consumers: each member's state, restarts and last error; down while a member
 * has been restarting longer than {@code clv.kafka.consumer.unready-after}. A process with no consumer is up.
 */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {
    private final KafkaConsumers consumers;

    public ConsumersReadiness(KafkaConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("Kafka consumers").up();
        Duration patience = consumers.settings().unreadyAfter();
        for (BatchConsumer group : consumers.running()) {
            for (BatchConsumer.Member m : group.members()) {
                answer.withData(m.id(), m.state() + (m.restarts() > 0
                        ? ", " + m.restarts() + " restarts, last: "
                                + m.lastError()
                        : ""));
                boolean stuck = m.state() == BatchConsumer.State.RESTARTING
                        || m.state() == BatchConsumer.State.STOPPED
                        || m.state() == BatchConsumer.State.STARTING;
                if (stuck && Duration.between(m.since(), Instant.now()).compareTo(patience) > 0) {
                    answer.down();
                }
            }
        }
        return answer.build();
    }
}
