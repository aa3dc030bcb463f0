package dev.clv.contracts.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** Starts the services' consumer groups ({@link BatchConsumer}) from {@link ConsumerSettings}, and stops them all at shutdown. */
@ApplicationScoped
public class KafkaConsumers {
    private final ConsumerSettings settings;
    private final KafkaSecurity security;
    private final List<BatchConsumer> running = new CopyOnWriteArrayList<>();

    public KafkaConsumers(ConsumerSettings settings, KafkaSecurity security) {
        this.settings = settings;
        this.security = security;
    }

    public BatchConsumer start(BatchConsumer.Options options, BatchConsumer.Handler handler) {
        BatchConsumer consumer = new BatchConsumer(options, settings, security, handler);
        running.add(consumer);
        return consumer;
    }

    /** Every consumer group this process runs. */
    public List<BatchConsumer> running() {
        return running;
    }

    ConsumerSettings settings() {
        return settings;
    }

    @PreDestroy
    void stop() {
        running.forEach(BatchConsumer::close);
        running.clear();
    }
}
