package dev.clv.datagen;

import java.math.BigDecimal;
import java.time.Instant;

/** A generated purchase or refund; a refund carries a negative amount and names the purchase it reverses. */
public record GeneratedTransaction(String transactionId, String customerId, Instant transactionDate,
        BigDecimal amount, String currency, String productId, String productCategory, String transactionType,
        String paymentMethod, boolean isRefund, String channel) {

    /** The row as the ingestion API takes it for data source {@code transactions}. */
    public String toJson() {
        return "{\"transaction_id\":" + Json.string(transactionId) + ",\"customer_id\":" + Json.string(customerId)
                + ",\"transaction_date\":" + Json.string(transactionDate.toString()) + ",\"amount\":"
                + amount.toPlainString() + ",\"currency\":" + Json.string(currency) + ",\"product_id\":"
                + Json.string(productId) + ",\"product_category\":" + Json.string(productCategory)
                + ",\"transaction_type\":" + Json.string(transactionType) + ",\"payment_method\":"
                + Json.string(paymentMethod) + ",\"is_refund\":" + isRefund + ",\"channel\":" + Json.string(channel)
                + "}";
    }
}
