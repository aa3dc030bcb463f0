package dev.clv.segmentation.criteria;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;

/**
 * Seed 003's flat criteria ({@code {"last_active_days": 30, "feature_usage_decline": 0.5}}) as the rule tree they
 * stand for, which is what is stored and shown. Each key is one condition; several are combined with {@code all}, in
 * the order given. Only the root of the criteria can be shorthand: an object with any rule key is a rule tree.
 */
public final class CriteriaShorthand {
    /** Customers inactive this many days at most can be asked for (a century). */
    static final long MAX_INACTIVE_DAYS = 36_500;
    private static final Set<String> RULE_KEYS = Set.of("all", "any", "not", "field", "event", "in_segment");
    private static final String KEYS = "last_active_days, feature_usage_decline";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CriteriaShorthand() {
    }

    /** The criteria as a rule tree: given shorthand expanded, anything else as it is (the parser judges it). */
    public static JsonNode expand(JsonNode criteria, String path) {
        if (criteria == null || !criteria.isObject() || criteria.isEmpty()
                || RULE_KEYS.stream().anyMatch(criteria::has)) {
            return criteria;
        }
        List<FieldError> errors = new ArrayList<>();
        ArrayNode conditions = JSON.arrayNode();
        for (Map.Entry<String, JsonNode> e : criteria.properties()) {
            String at = path + "." + e.getKey();
            JsonNode condition = switch (e.getKey()) {
                case "last_active_days" -> lastActiveDays(e.getValue(), at, errors);
                case "feature_usage_decline" -> featureUsageDecline(e.getValue(), at, errors);
                default -> error(errors, at, "is neither a rule key (all, any, not, field, event, in_segment) nor a "
                        + "shorthand key (" + KEYS + ")");
            };
            if (condition != null) {
                conditions.add(condition);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The segment criteria are not valid", List.copyOf(errors));
        }
        return conditions.size() == 1 ? conditions.get(0) : JSON.objectNode().set("all", conditions);
    }

    // no purchase, interaction or behavioural event in the last N days; never active customers have no such day
    private static JsonNode lastActiveDays(JsonNode n, String path, List<FieldError> errors) {
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1
                || n.longValue() > MAX_INACTIVE_DAYS) {
            return error(errors, path, "must be a whole number of days from 1 to " + MAX_INACTIVE_DAYS);
        }
        return condition(Fields.LAST_ACTIVE_DAYS, "gte", JSON.numberNode(n.intValue())); // fits: checked above
    }

    // behavioural events of the last 30 days fell by at least this share against the 30 days before
    private static JsonNode featureUsageDecline(JsonNode n, String path, List<FieldError> errors) {
        BigDecimal d = n.isNumber() && (!n.isFloatingPointNumber() || Double.isFinite(n.doubleValue()))
                ? n.decimalValue()
                : null;
        if (d == null || d.signum() <= 0 || d.compareTo(BigDecimal.ONE) > 0 || d.stripTrailingZeros().scale() > 30) {
            return error(errors, path, "must be a number above 0 and at most 1 (the share by which behavioural "
                    + "events fell), of at most 30 decimal places");
        }
        return condition(Fields.EVENT_TREND_30D, "lte", JSON.numberNode(BigDecimal.ONE.subtract(d)
                .stripTrailingZeros()));
    }

    private static ObjectNode condition(String field, String op, JsonNode value) {
        ObjectNode c = JSON.objectNode().put("field", field).put("op", op);
        return c.set("value", value);
    }

    private static JsonNode error(List<FieldError> errors, String path, String reason) {
        errors.add(new FieldError(path, reason, null));
        return null;
    }
}
