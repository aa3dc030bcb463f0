package dev.clv.console.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.clv.console.view.ViewParams;

/** The customer list's query: what the API is asked, the pages' links, and what is refused before asking. */
class CustomerFilterTest {

    @Test
    void theApiQueryAndThePagesLinks() {
        CustomerFilter f = CustomerFilter.of(" DE ", "", "3", "last_purchase_at", "asc", "25", "c&x=1");
        assertEquals("country=DE&min_purchases=3&sort=last_purchase_at&order=asc&limit=25&cursor=c%26x%3D1",
                f.apiQuery());
        assertEquals("country=DE&min_purchases=3&sort=last_purchase_at&order=asc&limit=25", f.firstPage());
        assertEquals("country=DE&min_purchases=3&sort=last_purchase_at&order=asc&limit=25&cursor=n%2F2",
                f.nextPage("n/2"));
        assertEquals("sort=ltv&order=desc&limit=50", CustomerFilter.of(null, null, null, null, null, null, null)
                .apiQuery(), "the API's own defaults, said out loud");
    }

    @Test
    void whatTheApiWouldRefuseIsNamedFirst() {
        assertEquals("sort", bad(() -> CustomerFilter.of(null, null, null, "name", null, null, null)));
        assertEquals("order", bad(() -> CustomerFilter.of(null, null, null, null, "up", null, null)));
        assertEquals("min_purchases", bad(() -> CustomerFilter.of(null, null, "-1", null, null, null, null)));
        assertEquals("limit", bad(() -> CustomerFilter.of(null, null, null, null, null, "201", null)));
        assertEquals("limit", bad(() -> CustomerFilter.of(null, null, null, null, null, "0", null)));
    }

    private static String bad(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ViewParams.BadView.class, call).parameter();
    }
}
