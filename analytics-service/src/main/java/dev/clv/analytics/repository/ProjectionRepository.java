package dev.clv.analytics.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * Applies one consumed batch in one database transaction, one statement per data source: raw rows are inserted
 * with ON CONFLICT so redeliveries change nothing, and only rows actually inserted feed the aggregates.
 */
@ApplicationScoped
public class ProjectionRepository {
    private static final String UPSERT_CUSTOMERS = """
            WITH input AS (
              SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int[],
                $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[],
                $14::text[], $15::timestamptz[])
              AS r(tenant_id, customer_id, registration_date, country, city, age, gender, acquisition_source,
                segment, is_active, email, name, loyalty_tier, attributes, ingested_at)
            ), upserted AS (
              INSERT INTO analytics.customers AS c
              SELECT tenant_id, customer_id, registration_date, country, city, age, gender, acquisition_source,
                segment, is_active, email, name, loyalty_tier, attributes::jsonb, ingested_at FROM input
              ON CONFLICT (tenant_id, customer_id) DO UPDATE SET registration_date = excluded.registration_date,
                country = excluded.country, city = excluded.city, age = excluded.age, gender = excluded.gender,
                acquisition_source = excluded.acquisition_source, segment = excluded.segment,
                is_active = excluded.is_active, email = excluded.email, name = excluded.name,
                loyalty_tier = excluded.loyalty_tier, attributes = excluded.attributes,
                ingested_at = excluded.ingested_at
              WHERE excluded.ingested_at >= c.ingested_at
              RETURNING tenant_id, customer_id
            )
            INSERT INTO analytics.customer_metrics (tenant_id, customer_id)
            SELECT tenant_id, customer_id FROM upserted
            ON CONFLICT DO NOTHING
            """;

    private static final String INSERT_TRANSACTIONS = """
            WITH inserted AS (
              INSERT INTO analytics.transactions
              SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[], $12::text[], $13::timestamptz[])
              ON CONFLICT (tenant_id, transaction_id) DO NOTHING
              RETURNING tenant_id, customer_id, transaction_date, amount, is_refund
            ), delta AS (
              SELECT tenant_id, customer_id,
                coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0) AS ltv,
                count(*) FILTER (WHERE NOT is_refund) AS purchases,
                min(transaction_date) FILTER (WHERE NOT is_refund) AS first_at,
                max(transaction_date) FILTER (WHERE NOT is_refund) AS last_at
              FROM inserted GROUP BY tenant_id, customer_id
            )
            INSERT INTO analytics.customer_metrics AS m
              (tenant_id, customer_id, ltv, transaction_count, first_purchase_at, last_purchase_at)
            SELECT tenant_id, customer_id, ltv, purchases, first_at, last_at FROM delta
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET ltv = m.ltv + excluded.ltv,
              transaction_count = m.transaction_count + excluded.transaction_count,
              first_purchase_at = least(m.first_purchase_at, excluded.first_purchase_at),
              last_purchase_at = greatest(m.last_purchase_at, excluded.last_purchase_at)
            """;

    private final Pool pool;

    public ProjectionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores one batch atomically; {@code customers} must hold at most one event per tenant and customer. */
    public Uni<Void> apply(Collection<CustomerEvent> customers, List<TransactionEvent> transactions) {
        return pool.withTransaction(conn -> upsertCustomers(conn, customers)
                .chain(() -> insertTransactions(conn, transactions)));
    }

    private Uni<Void> upsertCustomers(SqlConnection conn, Collection<CustomerEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = Tuple.tuple()
                .addArrayOfString(rows.stream().map(CustomerEvent::tenantId).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::customerId).toArray(String[]::new))
                .addArrayOfOffsetDateTime(rows.stream().map(c -> utc(c.registrationDate()))
                        .toArray(OffsetDateTime[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::country).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::city).toArray(String[]::new))
                .addArrayOfInteger(rows.stream().map(CustomerEvent::age).toArray(Integer[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::gender).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::acquisitionSource).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::segment).toArray(String[]::new))
                .addArrayOfBoolean(rows.stream().map(CustomerEvent::isActive).toArray(Boolean[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::email).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::name).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(CustomerEvent::loyaltyTier).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(c -> c.attributes() == null
                        ? null
                        : new String(EventJson.write(c.attributes()), java.nio.charset.StandardCharsets.UTF_8))
                        .toArray(String[]::new))
                .addArrayOfOffsetDateTime(rows.stream().map(c -> utc(c.ingestedAt())).toArray(OffsetDateTime[]::new));
        return conn.preparedQuery(UPSERT_CUSTOMERS).execute(args).replaceWithVoid();
    }

    private Uni<Void> insertTransactions(SqlConnection conn, List<TransactionEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = Tuple.tuple()
                .addArrayOfString(rows.stream().map(TransactionEvent::tenantId).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::transactionId).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::customerId).toArray(String[]::new))
                .addArrayOfOffsetDateTime(rows.stream().map(t -> utc(t.transactionDate()))
                        .toArray(OffsetDateTime[]::new))
                // Numeric wraps the BigDecimal itself: no amount ever passes through a binary float
                .addValue(rows.stream().map(t -> Numeric.create(t.amount())).toArray(Numeric[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::currency).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::productId).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::productCategory).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::transactionType).toArray(String[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::paymentMethod).toArray(String[]::new))
                .addArrayOfBoolean(rows.stream().map(TransactionEvent::isRefund).toArray(Boolean[]::new))
                .addArrayOfString(rows.stream().map(TransactionEvent::channel).toArray(String[]::new))
                .addArrayOfOffsetDateTime(rows.stream().map(t -> utc(t.ingestedAt())).toArray(OffsetDateTime[]::new));
        return conn.preparedQuery(INSERT_TRANSACTIONS).execute(args).replaceWithVoid();
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
