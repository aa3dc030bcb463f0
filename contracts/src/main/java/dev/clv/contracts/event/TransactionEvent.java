package dev.clv.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A purchase, refund or other money movement of one customer, as carried on {@code transactions.v1}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TransactionEvent(
        String tenantId,
        String transactionId,
        String customerId,
        Instant transactionDate,
        BigDecimal amount,
        String currency,
        String productId,
        String productCategory,
        String transactionType,
        String paymentMethod,
        boolean isRefund,
        String channel,
        Map<String, Object> attributes,
        Instant ingestedAt) {
}
