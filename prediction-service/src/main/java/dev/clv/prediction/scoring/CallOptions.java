package dev.clv.prediction.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.TimeUnit;

/**
 * The options rows of one call share (horizon, unit, monthly discount, intervals), read from a JSON object or,
 * where it has none, from the query; each bad value is a 400 problem naming its field.
 */
final class CallOptions {
    private CallOptions() {
    }

    /** The options of one row or body object, falling back to the query's strings. */
    static Predictor.Options of(JsonNode body, String horizon, String unit, String discount, String intervals,
            boolean intervalsByDefault) {
        Double h = RowReader.number(body, "horizon", "");
        Double d = RowReader.number(body, "discount_rate", "");
        String u = RowReader.text(body, "time_unit", "");
        JsonNode i = body.get("intervals");
        if (i != null && !i.isNull() && !i.isBoolean()) {
            throw ProblemException.badRequest("intervals", "must be true or false");
        }
        return of(h != null ? h : queryNumber("horizon", horizon), u != null ? u : unit,
                d != null ? d : queryNumber("discount_rate", discount),
                i != null && !i.isNull() ? i.booleanValue() : flag("intervals", intervals, intervalsByDefault));
    }

    /** Checks the options; absent ones take their defaults (12 months at 1% a month). */
    static Predictor.Options of(Double horizon, String unit, Double discount, boolean intervals) {
        if (horizon != null && (horizon <= 0 || horizon > 1200)) {
            throw ProblemException.badRequest("horizon", "must be above 0 and at most 1200");
        }
        if (discount != null && (discount < 0 || discount >= 1)) {
            throw ProblemException.badRequest("discount_rate", "must be in [0, 1): a monthly rate");
        }
        Predictor.Options d = Predictor.Options.DEFAULT;
        return new Predictor.Options(horizon == null ? d.horizon() : horizon,
                unit == null ? d.unit() : TimeUnit.parse(unit, "time_unit", true),
                discount == null ? d.monthlyDiscount() : discount, intervals);
    }

    static Double queryNumber(String name, String value) {
        return value == null || value.isBlank() ? null : RowReader.number(new TextNode(value), name);
    }

    static boolean flag(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name, "must be true or false");
        };
    }
}
