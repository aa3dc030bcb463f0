package dev.clv.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** How the product tests read /v1/products answers and hold them to {@link ReferenceProducts}. */
final class ProductAnswers {
    private ProductAnswers() {
    }

    /** Every page of a listing, following next_cursor. */
    static List<Map<String, Object>> pages(String token, String first) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        int guard = 0;
        do {
            JsonPath page = TenantRecords.get(token, first + (cursor == null ? "" : "&cursor=" + cursor));
            all.addAll(page.getList("data"));
            cursor = page.getString("next_cursor");
            assertTrue(++guard < 1000);
        } while (cursor != null);
        return all;
    }

    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        rows.forEach(r -> assertNull(out.put((String) r.get("product_id"), r), "listed once"));
        return out;
    }

    static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("product_id")).toList();
    }

    static List<Object> months(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("month")).toList();
    }

    /** Each expected product's answer holds its sums, buyers, category and first and last sale. */
    static void assertMatch(Map<String, ReferenceProducts.Expected> expected, Map<String, Map<String, Object>> rows) {
        expected.forEach((id, e) -> {
            Map<String, Object> r = rows.get(id);
            assertTrue(r != null, id + " is answered");
            assertEquals(e.purchases(), number(r, "purchases").longValue(), id);
            assertEquals(e.buyers(), number(r, "buyers").longValue(), id);
            assertEquals(e.repeatBuyers(), number(r, "repeat_buyers").longValue(), id);
            assertEquals(e.refunds(), number(r, "refunds").longValue(), id);
            assertMoney(e.gross(), r.get("gross_revenue"));
            assertMoney(e.refunded(), r.get("refund_total"));
            assertMoney(e.net(), r.get("net_revenue"));
            assertEquals(e.purchases() - e.refunds(), number(r, "units_kept").longValue(), id);
            assertEquals(e.category(), r.get("category"), id);
            assertEquals(e.firstSale(), r.get("first_sale_month"), id);
            assertEquals(e.lastSale(), r.get("last_sale_month"), id);
        });
    }

    /** Months with rows hold the reference's sums and buyers; the months between them hold zeros. */
    static void assertMonths(Map<YearMonth, ReferenceProducts.Expected> expected, List<Map<String, Object>> rows) {
        for (Map<String, Object> r : rows) {
            ReferenceProducts.Expected e = expected.get(YearMonth.parse((String) r.get("month")));
            String at = r.get("month").toString();
            assertEquals(e == null ? 0 : e.purchases(), number(r, "purchases").longValue(), at);
            assertEquals(e == null ? 0 : e.buyers(), number(r, "buyers").longValue(), at);
            assertEquals(e == null ? 0 : e.refunds(), number(r, "refunds").longValue(), at);
            assertMoney(e == null ? BigDecimal.ZERO : e.gross(), r.get("gross_revenue"));
            assertMoney(e == null ? BigDecimal.ZERO : e.refunded(), r.get("refund_total"));
            assertMoney(e == null ? BigDecimal.ZERO : e.net(), r.get("net_revenue"));
        }
        long inRange = expected.keySet().stream().filter(m -> rows.stream().anyMatch(r -> r.get("month").equals(m
                .toString()))).count();
        assertTrue(inRange > 0, "the series holds months with rows");
    }

    static void assertMoney(Object expected, Object actual) {
        assertTrue(actual != null, "a value where " + expected + " was expected");
        assertEquals(0, new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())),
                expected + " vs " + actual);
    }

    private static Number number(Map<String, Object> row, String key) {
        return (Number) row.get(key);
    }
}
