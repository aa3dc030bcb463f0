package dev.clv.analytics.query.quality;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One data-quality check of /v1/data-quality/consistency: its name, what it finds, the counts that apply to it
 * (customers or products, and transactions or amount; the others are left out) and at most
 * {@link ConsistencyRepository#EXAMPLES} ids of what it found, the largest first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsistencyCheck(String check, String description, Long customers, Long products, Long transactions,
        BigDecimal amount, List<String> examples) {

    static ConsistencyCheck unknownCustomers(long customers, long transactions, List<String> examples) {
        return new ConsistencyCheck("transactions_of_unknown_customers", "Customers with transactions but no "
                + "profile (no customers row was sent for them); transactions counts their purchases and refunds.",
                customers, null, transactions, null, examples);
    }

    static ConsistencyCheck unknownProducts(long products, long transactions, List<String> examples) {
        return new ConsistencyCheck("transactions_of_unknown_products", "Products named by transactions but not "
                + "in the product catalogue (products rows), so without name, catalogue category or unit cost; "
                + "transactions counts their purchases and refunds.", null, products, transactions, null,
                examples);
    }

    static ConsistencyCheck refundsExceedPurchases(long customers, BigDecimal amount, List<String> examples) {
        return new ConsistencyCheck("refunds_exceed_purchases", "Customers whose refunds add up to more than their "
                + "purchases (negative net revenue); amount is the sum of refunds minus purchases over them.",
                customers, null, null, amount, examples);
    }
}
