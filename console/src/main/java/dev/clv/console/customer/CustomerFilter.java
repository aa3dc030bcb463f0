package dev.clv.console.customer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.clv.console.view.ViewParams;

/**
 * The customer list's filters, sort and page as the URL carries them, checked before anything is asked of the API
 * (which checks them again): country, segment, minimum purchases, sort key and order, page size, cursor.
 */
public record CustomerFilter(String country, String segment, String minPurchases, String sort, String order,
        int limit, String cursor, String cohort) {
    static final Set<String> SORTS = Set.of("ltv", "purchase_count", "last_purchase_at", "registration_date",
            "customer_id");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    public static CustomerFilter of(String country, String segment, String minPurchases, String sort, String order,
            String limit, String cursor) {
        return of(country, segment, minPurchases, sort, order, limit, cursor, null);
    }

    /** With a registration cohort ({@code YYYY-MM}): the customers registered in that month. */
    public static CustomerFilter of(String country, String segment, String minPurchases, String sort, String order,
            String limit, String cursor, String cohort) {
        if (!blank(cohort) && !MONTH.matcher(cohort.strip()).matches()) {
            throw new ViewParams.BadView("cohort", "must be a month as 2026-01");
        }
        CustomerFilter f = of7(country, segment, minPurchases, sort, order, limit, cursor);
        return new CustomerFilter(f.country, f.segment, f.minPurchases, f.sort, f.order, f.limit, f.cursor,
                strip(cohort));
    }

    private static CustomerFilter of7(String country, String segment, String minPurchases, String sort,
            String order, String limit, String cursor) {
        String s = blank(sort) ? "ltv" : sort.strip();
        if (!SORTS.contains(s)) {
            throw new ViewParams.BadView("sort", "must be one of " + String.join(", ", SORTS.stream().sorted()
                    .toList()));
        }
        String o = blank(order) ? "desc" : order.strip();
        if (!o.equals("asc") && !o.equals("desc")) {
            throw new ViewParams.BadView("order", "must be asc or desc");
        }
        if (!blank(minPurchases) && !WHOLE.matcher(minPurchases.strip()).matches()) {
            throw new ViewParams.BadView("min_purchases", "must be a whole number");
        }
        int size = 50;
        if (!blank(limit)) {
            if (!WHOLE.matcher(limit.strip()).matches() || Integer.parseInt(limit.strip()) < 1
                    || Integer.parseInt(limit.strip()) > 200) {
                throw new ViewParams.BadView("limit", "must be a whole number from 1 to 200");
            }
            size = Integer.parseInt(limit.strip());
        }
        return new CustomerFilter(strip(country), strip(segment), strip(minPurchases), s, o, size, strip(cursor), "");
    }

    /** The API's query for this page. */
    public String apiQuery() {
        return query(true);
    }

    /** The console's query for this filter, without the cursor (the first page). */
    public String firstPage() {
        return query(false);
    }

    /** The console's query for the page after, at {@code next}. */
    public String nextPage(String next) {
        return query(false) + "&cursor=" + encode(next);
    }

    private String query(boolean withCursor) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("country", country);
        q.put("segment", segment);
        q.put("min_purchases", minPurchases);
        if (!cohort.isEmpty() && withCursor) {
            java.time.YearMonth month = java.time.YearMonth.parse(cohort);
            q.put("registered_from", month.atDay(1).toString());
            q.put("registered_to", month.atEndOfMonth().toString());
        } else {
            q.put("cohort", cohort);
        }
        q.put("sort", sort);
        q.put("order", order);
        q.put("limit", Integer.toString(limit));
        if (withCursor) {
            q.put("cursor", cursor);
        }
        StringBuilder text = new StringBuilder();
        q.forEach((k, v) -> {
            if (!v.isEmpty()) {
                text.append(text.length() == 0 ? "" : "&").append(k).append('=').append(encode(v));
            }
        });
        return text.toString();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
