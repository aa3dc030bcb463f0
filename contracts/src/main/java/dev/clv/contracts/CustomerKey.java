package dev.clv.contracts;

/**
 * A record key of the customer-keyed topics: tenant and customer together, so one customer's records stay ordered
 * in one partition while tenants with the same customer ids never collide. The unit separator cannot occur in a
 * tenant id (tenants come from token claims the platform issues).
 */
public record CustomerKey(String tenant, String customerId) {
    static final char SEPARATOR = '\u001f';

    /** The key's text, as records carry it. */
    public String encoded() {
        return tenant + SEPARATOR + customerId;
    }

    /** Reads a key made by {@link #encoded()}; a text without the separator is not a customer key. */
    public static CustomerKey parse(String key) {
        int split = key == null ? -1 : key.indexOf(SEPARATOR);
        if (split < 0) {
            throw new IllegalArgumentException("not a customer key: " + key);
        }
        return new CustomerKey(key.substring(0, split), key.substring(split + 1));
    }
}
