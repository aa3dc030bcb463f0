package dev.clv.bench;

import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;

/** Writes the benchmark data set to the raw topics exactly as the ingestion service would have. */
final class DatasetProducer {
    private DatasetProducer() {
    }

    /** The producer settings of the ingestion service (acks=all, idempotent, lz4), with large batches. */
    static Properties settings(String kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    /** Answers {customers, transactions, interactions} sent and acknowledged. */
    static long[] produce(String kafka, int customers) {
        Properties props = settings(kafka);
        long[] counts = new long[3];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant now = Instant.now();
        String t = BenchData.TENANT;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            BenchData.generate(customers, new CustomerDataGenerator.Sink() {
                @Override
                public void customer(GeneratedCustomer c) {
                    send(Topics.CUSTOMERS, c.customerId(), new CustomerEvent(t, c.customerId(), c.registrationDate(),
                            c.country(), c.city(), c.age(), c.gender(), c.acquisitionSource(), c.segment(),
                            c.isActive(), null, null, c.loyaltyTier(), null, now));
                    counts[0]++;
                }

                @Override
                public void transaction(GeneratedTransaction x) {
                    send(Topics.TRANSACTIONS, x.customerId(), new TransactionEvent(t, x.transactionId(),
                            x.customerId(), x.transactionDate(), x.amount(), x.currency(), x.productId(),
                            x.productCategory(), x.transactionType(), x.paymentMethod(), x.isRefund(), x.channel(),
                            null, now));
                    counts[1]++;
                }

                @Override
                public void interaction(GeneratedInteraction i) {
                    send(Topics.INTERACTIONS, i.customerId(), new InteractionEvent(t, i.interactionId(),
                            i.customerId(), i.interactionDate(), i.interactionType(), i.channel(),
                            i.durationSeconds(), i.satisfactionScore(), null, now));
                    counts[2]++;
                }

                private void send(String topic, String customer, Object event) {
                    producer.send(new ProducerRecord<>(topic, Topics.key(t, customer), EventJson.write(event)),
                            (m, e) -> {
                                if (e != null) {
                                    failure.set(e);
                                }
                            });
                }
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused a record", failure.get());
        }
        return counts;
    }
}
