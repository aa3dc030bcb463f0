package dev.clv.segmentation.criteria;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.segmentation.criteria.Field.Type;

/** Checks that a condition's value suits its field's type and its operator. */
final class Values {
    private static final int MAX_TEXT = 1000;

    private Values() {
    }

    static boolean check(Type type, Operator op, JsonNode value, String path, List<FieldError> errors) {
        String problem = switch (op) {
            case EXISTS -> value == null || value.isBoolean() ? null : "must be true or false (or left out)";
            case GT, GTE, LT, LTE -> type == Type.NUMBER || type == Type.JSON
                    ? scalar(Type.NUMBER, value)
                    : "gt, gte, lt and lte compare numbers only";
            case BETWEEN -> type != Type.NUMBER && type != Type.JSON
                    ? "between compares numbers only"
                    : between(value);
            case CONTAINS -> type == Type.TEXT || type == Type.JSON
                    ? scalar(Type.TEXT, value)
                    : "contains looks for text in text fields only";
            case IN -> list(type, value);
            case EQ, NEQ -> scalar(type, value);
        };
        if (problem != null) {
            errors.add(new FieldError(path, problem, null));
        }
        return problem == null;
    }

    private static String between(JsonNode value) {
        if (value == null || !value.isArray() || value.size() != 2) {
            return "must be a pair of numbers [low, high]";
        }
        String low = scalar(Type.NUMBER, value.get(0));
        String high = scalar(Type.NUMBER, value.get(1));
        if (low != null || high != null) {
            return low != null ? low : high;
        }
        return value.get(0).decimalValue().compareTo(value.get(1).decimalValue()) > 0
                ? "the low end must not be above the high end"
                : null;
    }

    private static String list(Type type, JsonNode value) {
        if (value == null || !value.isArray() || value.isEmpty() || value.size() > CriteriaParser.MAX_LIST) {
            return "must be a list of 1 to " + CriteriaParser.MAX_LIST + " values";
        }
        for (JsonNode item : value) {
            String problem = scalar(type, item);
            if (problem != null) {
                return "every item " + problem;
            }
        }
        return null;
    }

    /** Null when the value is a plain value of the type; JSON attributes take any number, text or boolean. */
    private static String scalar(Type type, JsonNode value) {
        return switch (type) {
            case NUMBER -> number(value);
            case TEXT -> value != null && value.isTextual() && value.asText().length() <= MAX_TEXT
                    ? null
                    : "must be text of at most " + MAX_TEXT + " characters";
            case BOOLEAN -> value != null && value.isBoolean() ? null : "must be true or false";
            case JSON ->
                value != null && (value.isBoolean() || value.isTextual() && value.asText().length() <= MAX_TEXT)
                        ? null
                        : number(value) == null
                                ? null
                                : "must be a number, text or true/false";
        };
    }

    // a bounded decimal: an exponent of a million would otherwise expand into a million digits in SQL
    private static String number(JsonNode value) {
        if (value == null || !value.isNumber() || value.isDouble() && !Double.isFinite(value.doubleValue())) {
            return "must be a number";
        }
        BigDecimal d = value.decimalValue();
        return d.precision() - d.scale() > 30 || d.scale() > 30
                ? "must be a number of at most 30 digits either "
                        + "side of the point"
                : null;
    }
}
