package dev.clv.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A model's prediction for one customer, published on {@code customer-scores.v1} by the prediction service's batch
 * scoring. A newer {@code scoredAt} replaces an older score of the same customer; a score may arrive more than once.
 *
 * @param predictedClv value expected over {@code horizonMonths}, in the tenant's currency
 * @param pAlive probability the customer is still active (BG/NBD), null for models that do not estimate it
 * @param expectedPurchases purchases expected over the horizon, null for models that do not estimate it
 */
public record CustomerScore(String tenantId, String customerId, String modelId, Integer modelVersion,
        BigDecimal predictedClv, Double pAlive, Double expectedPurchases, Integer horizonMonths, Instant scoredAt) {
}
