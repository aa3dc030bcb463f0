package dev.clv.analytics.roles;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;

/** What the role tests send and read: a purchase on Kafka, its row in the read model, the projector group. */
final class RoleRecords {
    private RoleRecords() {
    }

    static void sendPurchase(String tenant, String customer) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, customer), EventJson.write(
                    new TransactionEvent(tenant, "t-" + customer, customer, Instant.now(), new BigDecimal("12.50"),
                            "USD", null, null, null, null, false, "web", null, Instant.now()))))
                    .get();
        }
    }

    /** The customer's net revenue in the read model, or null while the projection has not stored it. */
    static BigDecimal storedRevenue(String tenant, String customer) throws SQLException {
        try (Connection c = PostgresResource.server().getPostgresDatabase().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT net_revenue FROM analytics.customer_metrics "
                        + "WHERE tenant_id = ? AND customer_id = ?")) {
            s.setString(1, tenant);
            s.setString(2, customer);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBigDecimal(1) : null;
            }
        }
    }

    /** Members of the projector's consumer group right now. */
    static int projectorMembers() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("analytics-projector")).all().get()
                    .get("analytics-projector");
            return group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0; // no consumer of the group ever ran in this broker
            }
            throw e;
        }
    }
}
