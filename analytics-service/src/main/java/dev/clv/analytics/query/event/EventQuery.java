package dev.clv.analytics.query.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.TimeWindow;
import dev.clv.analytics.query.customer.Cursor;
import dev.clv.contracts.problem.ProblemException;

/**
 * A validated {@code GET /v1/events}: customer_id, event_type, the from/to window (local dates or times of the
 * tenant's zone, or ISO-8601 with an offset; both inclusive), property filters (per key any of its values, every
 * key), page size (1..1000, 100) and where the page starts.
 */
record EventQuery(String customerId, String eventType, TimeWindow window, Map<String, List<PropertyFilter>> properties,
        int limit, List<String> after) {
    static final String ORDERING = "events";
    static final String PREFIX = "properties.";
    static final int MAX_KEYS = 10;
    static final int MAX_VALUES = 50;

    static EventQuery of(AnswerParams params) {
        Map<String, List<PropertyFilter>> properties = new TreeMap<>();
        int values = 0;
        for (Map.Entry<String, List<String>> p : params.query().entrySet()) {
            if (!p.getKey().startsWith(PREFIX)) {
                continue;
            }
            String key = p.getKey().substring(PREFIX.length());
            if (key.isEmpty() || key.length() > 200) {
                throw ProblemException.badRequest(p.getKey(), "must name a property: properties.KEY=VALUE, the key "
                        + "at most 200 characters");
            }
            for (String value : p.getValue()) {
                if (value == null || value.length() > 200) {
                    throw ProblemException.badRequest(p.getKey(), "must be a value of at most 200 characters");
                }
                properties.computeIfAbsent(key, k -> new ArrayList<>()).add(new PropertyFilter(key, value));
                values++;
            }
        }
        if (properties.size() > MAX_KEYS || values > MAX_VALUES) {
            throw ProblemException.badRequest(PREFIX + "*", "at most " + MAX_KEYS + " properties and " + MAX_VALUES
                    + " values in all");
        }
        String token = params.query().getFirst("cursor");
        if (token != null && token.length() > 2000) {
            throw ProblemException.badRequest("cursor", "is not a cursor this listing handed out");
        }
        return new EventQuery(params.text("customer_id"), params.text("event_type"), params.window("from", "to"),
                properties, params.integer("limit", 100, 1, 1000), Cursor.decode(token, ORDERING, 2));
    }
}
