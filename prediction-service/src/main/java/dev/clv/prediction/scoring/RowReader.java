package dev.clv.prediction.scoring;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.FeatureRow;
import dev.clv.prediction.trees.TreeFeatures;

/**
 * Reads prediction rows from JSON: {@code customer_id} and/or {@code features}, or the seed's flat shape with the
 * features at the top level. Unknown names are ignored, as the seed's Pydantic models ignored them; a value of the
 * wrong type, or features given both ways, is the row's error naming the field. Numbers may come as strings.
 */
public final class RowReader {
    private RowReader() {
    }

    /** A row read, or the field and reason it could not be. */
    public record Parsed(PredictionRequest request, Problem.FieldError error) {
        public static Parsed failed(String field, String reason) {
            return new Parsed(null, new Problem.FieldError(field, reason));
        }
    }

    /** Reads a row, turning a refusal into the row's error. */
    public static Parsed parse(JsonNode node) {
        try {
            return new Parsed(read(node), null);
        } catch (ProblemException e) {
            Problem.FieldError f = e.problem().errors().get(0);
            return Parsed.failed(f.field(), f.reason());
        }
    }

    /** Reads a row; a 400 problem naming the field when it cannot. */
    public static PredictionRequest read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("row", "must be a JSON object");
        }
        String flat = TreeFeatures.NAMES.stream().filter(n -> node.hasNonNull(n)).findFirst().orElse(null);
        JsonNode nested = node.hasNonNull("features") ? node.get("features") : null;
        if (nested != null && !nested.isObject()) {
            throw ProblemException.badRequest("features", "must be a JSON object");
        }
        if (nested != null && flat != null) {
            throw ProblemException.badRequest(flat, "give the features either at the top level (the seed's shape) "
                    + "or in 'features', not both");
        }
        FeatureRow features = nested != null ? features(nested, "features.") : flat != null ? features(node, "") : null;
        return new PredictionRequest(text(node, "customer_id", ""), features, flat != null,
                number(node, "horizon", ""), text(node, "time_unit", ""), number(node, "discount_rate", ""),
                date("as_of", text(node, "as_of", "")));
    }

    private static FeatureRow features(JsonNode n, String prefix) {
        Long frequency = whole(n, "frequency", prefix), orders = whole(n, "total_orders", prefix);
        Long age = whole(n, "age", prefix);
        return new FeatureRow(number(n, "recency", prefix), frequency == null ? null : frequency.intValue(),
                number(n, "monetary_value", prefix), number(n, "tenure", prefix), number(n, "avg_order_value", prefix),
                number(n, "days_between_purchases", prefix), orders == null ? null : orders.intValue(),
                age == null ? null : age.intValue(), text(n, "gender", prefix), text(n, "country", prefix),
                whole(n, "interactions", prefix), number(n, "satisfaction", prefix));
    }

    /** A date parameter: YYYY-MM-DD, not after today (UTC); null when absent. */
    public static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be a date (YYYY-MM-DD), got '" + value + "'");
        }
        if (day.isAfter(LocalDate.now(java.time.ZoneOffset.UTC))) {
            throw ProblemException.badRequest(field, "must not be after today (UTC)");
        }
        return day;
    }

    static Double number(JsonNode n, String name, String prefix) {
        return number(n.get(name), prefix + name);
    }

    /** A number, or a string holding one; null when absent. */
    static Double number(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        double d;
        try {
            d = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.isTextual() ? v.textValue().strip() : "-");
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be a number");
        }
        if (!Double.isFinite(d)) {
            throw ProblemException.badRequest(field, "must be a finite number");
        }
        return d;
    }

    private static Long whole(JsonNode n, String name, String prefix) {
        Double d = number(n, name, prefix);
        if (d != null && (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)) {
            throw ProblemException.badRequest(prefix + name, "must be a whole number");
        }
        return d == null ? null : d.longValue();
    }

    static String text(JsonNode n, String name, String prefix) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw ProblemException.badRequest(prefix + name, "must be a string");
        }
        return v.asText();
    }
}
