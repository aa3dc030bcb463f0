package dev.clv.console.customer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The API's customer answers as the pages show them: every value a string, shown escaped by the templates. */
public final class CustomerRows {
    private CustomerRows() {
    }

    /** One line of the customer list. */
    public record Row(String id, String name, String email, String purchases, String ltv, String lastActive) {
        /** The id as a path segment of the customer's page. */
        public String link() {
            return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    /** A named value of a customer's profile or metrics. */
    public record Field(String name, String value) {
    }

    /** One entry of a customer's timeline. */
    public record Event(String type, String at, String details) {
    }

    static List<Row> list(JsonNode answer) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : answer.path("data")) {
            rows.add(new Row(c.path("id").asText(), text(c.path("name")), text(c.path("email")),
                    text(c.path("total_purchases")), text(c.path("lifetime_value")), text(c.path("last_active"))));
        }
        return rows;
    }

    /** The fields of an object, in the API's order; nested values as their JSON. */
    static List<Field> fields(JsonNode object) {
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.add(new Field(e.getKey(), text(e.getValue())));
        }
        return fields;
    }

    static List<Event> timeline(JsonNode answer) {
        List<Event> events = new ArrayList<>();
        for (JsonNode e : answer.path("data")) {
            events.add(new Event(e.path("type").asText(), e.path("occurred_at").asText(), e.path("details")
                    .toString()));
        }
        return events;
    }

    static List<String> segments(JsonNode answer) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : answer.path("data").isArray() ? answer.path("data") : answer.path("segments")) {
            names.add(s.hasNonNull("name") ? s.path("name").asText() : s.path("segment_id").asText(s.asText()));
        }
        return names;
    }

    static String text(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull()
                ? "–"
                : value.isValueNode() ? value.asText() : value.toString();
    }
}
