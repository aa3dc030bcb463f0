package dev.clv.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CustomerKeyTest {
    @Test
    void aKeyReadsBackAsItsTenantAndCustomer() {
        String key = Topics.key("acme", "c-1\u00e9/x");
        assertEquals("acme\u001fc-1\u00e9/x", key);
        assertEquals(new CustomerKey("acme", "c-1\u00e9/x"), CustomerKey.parse(key));
    }

    @Test
    void theCustomerIdMayHoldTheSeparatorButTheTenantNot() {
        assertEquals(new CustomerKey("acme", "a\u001fb"), CustomerKey.parse("acme\u001fa\u001fb"));
        assertThrows(IllegalArgumentException.class, () -> CustomerKey.parse("no-separator"));
    }
}
