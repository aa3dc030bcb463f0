package dev.clv.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import dev.clv.contracts.event.ProductEvent;
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
        return produce(kafka, customers, BenchData.TENANT, null, null);
    }

    /**
     * As above, for {@code tenant}, the histories dated from {@code from} to {@code to} (both null: the analytics
     * benchmark's fixed two years).
     */
    static long[] produce(String kafka, int customers, String tenant, Instant from, Instant to) {
        Properties props = settings(kafka);
        long[] counts = new long[3];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            CustomerDataGenerator.Sink sink = new CustomerDataGenerator.Sink() {
                @Override
                public void customer(GeneratedCustomer c) {
                    send(Topics.CUSTOMERS, c.customerId(),
                            new CustomerEvent(tenant, c.customerId(), c.registrationDate(),
                                    c.country(), c.city(), c.age(), c.gender(), c.acquisitionSource(), c.segment(),
                                    c.isActive(), null, null, c.loyaltyTier(), null, now));
                    counts[0]++;
                }

                @Override
                public void transaction(GeneratedTransaction x) {
                    send(Topics.TRANSACTIONS, x.customerId(), new TransactionEvent(tenant, x.transactionId(),
                            x.customerId(), x.transactionDate(), x.amount(), x.currency(), x.productId(),
                            x.productCategory(), x.transactionType(), x.paymentMethod(), x.isRefund(), x.channel(),
                            null, now));
                    counts[1]++;
                }

                @Override
                public void interaction(GeneratedInteraction i) {
                    send(Topics.INTERACTIONS, i.customerId(), new InteractionEvent(tenant, i.interactionId(),
                            i.customerId(), i.interactionDate(), i.interactionType(), i.channel(),
                            i.durationSeconds(), i.satisfactionScore(), null, now));
                    counts[2]++;
                }

                private void send(String topic, String customer, Object event) {
                    producer.send(new ProducerRecord<>(topic, Topics.key(tenant, customer), EventJson.write(event)),
                            (m, e) -> {
                                if (e != null) {
                                    failure.set(e);
                                }
                            });
                }
            };
            if (from == null) {
                BenchData.generate(customers, sink);
            } else {
                BenchData.generate(customers, from, to, sink);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused a record", failure.get());
        }
        return counts;
    }

    /**
     * The product catalogue of the generator's products ({@code p-<category>-1} to {@code -20}), with prices and
     * unit costs, on {@code products.v1} as ingestion would write it: product pages then have names and margins.
     * Answers how many.
     */
    static int catalogue(String kafka, String tenant, Instant launched) {
        Instant now = Instant.now();
        int n = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings(kafka), new StringSerializer(),
                new ByteArraySerializer())) {
            for (String category : List.of("books", "music", "electronics", "home", "apparel")) {
                for (int i = 1; i <= 20; i++) {
                    String id = "p-" + category + "-" + i;
                    BigDecimal price = BigDecimal.valueOf(500 + 75L * i, 2);
                    producer.send(new ProducerRecord<>(Topics.PRODUCTS, Topics.key(tenant, id), EventJson.write(
                            new ProductEvent(tenant, id, category + " item " + i, category, price, price.multiply(
                                    new BigDecimal("0.6")).setScale(2, RoundingMode.HALF_EVEN), "USD", launched,
                                    "active", Map.of(), now))));
                    n++;
                }
            }
            producer.flush();
        }
        return n;
    }
}
