package dev.clv.segmentation.criteria;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.segmentation.criteria.Criterion.All;
import dev.clv.segmentation.criteria.Criterion.Any;
import dev.clv.segmentation.criteria.Criterion.Condition;
import dev.clv.segmentation.criteria.Criterion.InSegment;
import dev.clv.segmentation.criteria.Criterion.Not;
import dev.clv.segmentation.criteria.Criterion.WindowCount;
import dev.clv.segmentation.criteria.Field.Type;

/**
 * A rule tree as one SQL condition over a {@code customer_state} row aliased {@code s}, so that a segment is
 * evaluated where the rows are: for a batch of changed customers, for a whole tenant, or for a preview. Every value
 * is a bound parameter (text, cast in SQL); a comparison with a missing value is false, never null, so that
 * {@code not} is the plain complement.
 *
 * @param sql the condition; it reads {@code $4} as the evaluation time
 * @param params the values of {@code $first} onwards, each a String or a String[]
 */
public record SqlPredicate(String sql, List<Object> params) {

    /** Compiles the tree; its parameters are numbered from {@code first}. */
    public static SqlPredicate of(Criterion root, int first) {
        Compiler c = new Compiler(first);
        return new SqlPredicate(c.node(root), List.copyOf(c.params));
    }

    private static final class Compiler {
        private final int first;
        private final List<Object> params = new ArrayList<>();

        Compiler(int first) {
            this.first = first;
        }

        String node(Criterion node) {
            if (node instanceof All all) {
                return all.children().stream().map(this::node).collect(Collectors.joining(" AND ", "(", ")"));
            }
            if (node instanceof Any any) {
                return any.children().stream().map(this::node).collect(Collectors.joining(" OR ", "(", ")"));
            }
            if (node instanceof Not not) {
                return "(NOT " + node(not.child()) + ")";
            }
            if (node instanceof InSegment in) {
                return "EXISTS (SELECT 1 FROM segmentation.memberships m WHERE m.segment_id = (" + param(in
                        .segmentId().toString()) + ")::uuid AND m.customer_id = s.customer_id AND m.exited_at IS NULL)";
            }
            if (node instanceof WindowCount w) {
                String count = "(SELECT coalesce(sum(d.value::bigint), 0) FROM jsonb_each_text(s.activity -> "
                        + param(w.event()) + ") d WHERE d.key::date > ($4::timestamptz AT TIME ZONE 'UTC')::date - ("
                        + param(Integer.toString(w.withinDays())) + ")::int)";
                return compare(count, Type.NUMBER, w.op(), w.value());
            }
            Condition c = (Condition) node;
            return "coalesce(" + compare(c.field().sql(), c.field().type(), c.op(), c.value()) + ", false)";
        }

        private String compare(String e, Type type, Operator op, JsonNode value) {
            if (type == Type.JSON) {
                return json(e, op, value);
            }
            String cast = type == Type.NUMBER ? "numeric" : type == Type.BOOLEAN ? "boolean" : "text";
            return switch (op) {
                case EXISTS -> e + (value == null || value.asBoolean() ? " IS NOT NULL" : " IS NULL");
                case EQ -> e + " = " + typed(value, cast);
                case NEQ -> e + " <> " + typed(value, cast);
                case GT -> e + " > " + typed(value, cast);
                case GTE -> e + " >= " + typed(value, cast);
                case LT -> e + " < " + typed(value, cast);
                case LTE -> e + " <= " + typed(value, cast);
                case BETWEEN -> e + " BETWEEN " + typed(value.get(0), cast) + " AND " + typed(value.get(1), cast);
                case IN -> e + " = ANY((" + list(value, false) + ")::" + cast + "[])";
                case CONTAINS -> "strpos(lower(" + e + "), lower(" + typed(value, cast) + ")) > 0";
            };
        }

        // custom attributes hold any JSON: equality compares JSON values, order and text only apply to their kind
        private String json(String j, Operator op, JsonNode value) {
            String number = "CASE WHEN jsonb_typeof(" + j + ") = 'number' THEN (" + j + " #>> '{}')::numeric END";
            return switch (op) {
                case EXISTS -> (value == null || value.asBoolean() ? "" : "NOT ") + "coalesce(jsonb_typeof(" + j
                        + ") <> 'null', false)";
                case EQ -> j + " = (" + param(value.toString()) + ")::jsonb";
                case NEQ -> j + " <> (" + param(value.toString()) + ")::jsonb";
                case IN -> j + " = ANY((" + list(value, true) + ")::jsonb[])";
                case CONTAINS -> "CASE WHEN jsonb_typeof(" + j + ") = 'string' THEN strpos(lower(" + j
                        + " #>> '{}'), lower(" + param(value.asText()) + ")) > 0 END";
                default -> compare(number, Type.NUMBER, op, value);
            };
        }

        private String typed(JsonNode value, String cast) {
            return "(" + param(value.asText()) + ")::"
                    + cast;
        }

        private String list(JsonNode values, boolean asJson) {
            String[] items = new String[values.size()];
            for (int i = 0; i < items.length; i++) {
                JsonNode v = values.get(i);
                items[i] = asJson ? v.toString() : v.asText();
            }
            return param(items);
        }

        private String param(Object value) {
            params.add(value);
            return "$" + (first + params.size() - 1) + (value instanceof String[] ? "::text[]" : "::text");
        }
    }
}
