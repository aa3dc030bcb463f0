package dev.clv.segmentation.criteria;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.segmentation.criteria.Criterion.All;
import dev.clv.segmentation.criteria.Criterion.Any;
import dev.clv.segmentation.criteria.Criterion.Condition;
import dev.clv.segmentation.criteria.Criterion.InSegment;
import dev.clv.segmentation.criteria.Criterion.Not;
import dev.clv.segmentation.criteria.Criterion.WindowCount;

/**
 * Reads a rule tree and checks every node, naming each bad one by its JSON path ({@code criteria.all[1].value}).
 * It never throws anything but a 400 {@link ProblemException}, whatever the input (the fuzz test holds it to that).
 */
public final class CriteriaParser {
    static final int MAX_DEPTH = 16;
    static final int MAX_NODES = 256;
    static final int MAX_LIST = 1000;
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<UUID, String> dependencies = new LinkedHashMap<>();
    private boolean timeRelative;
    private boolean rfm;
    private int nodes;

    private CriteriaParser() {
    }

    /** The checked tree, or a 400 problem listing every bad node; {@code path} names the root (e.g. criteria). */
    public static ParsedCriteria parse(JsonNode root, String path) {
        CriteriaParser parser = new CriteriaParser();
        Criterion criterion = parser.node(root, path, 1);
        if (!parser.errors.isEmpty() || criterion == null) {
            if (parser.errors.isEmpty()) {
                parser.errors.add(new FieldError(path, "is not a valid rule", null));
            }
            throw ProblemException.badRequest("The segment criteria are not valid", List.copyOf(parser.errors));
        }
        return new ParsedCriteria(criterion, Map.copyOf(parser.dependencies), parser.timeRelative, parser.rfm);
    }

    private Criterion node(JsonNode n, String path, int depth) {
        if (++nodes > MAX_NODES) {
            return error(path, "the rule tree has more than " + MAX_NODES + " nodes");
        }
        if (depth > MAX_DEPTH) {
            return error(path, "the rule tree is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (n == null || !n.isObject()) {
            return error(path, "must be an object: a group (all, any, not), a condition (field), a window count "
                    + "(event) or a membership (in_segment)");
        }
        if (n.has("all") || n.has("any")) {
            String kind = n.has("all") ? "all" : "any";
            if (!onlyKeys(n, path, Set.of(kind))) {
                return null;
            }
            List<Criterion> children = children(n.get(kind), path + "." + kind, depth);
            return children == null ? null : kind.equals("all") ? new All(children) : new Any(children);
        }
        if (n.has("not")) {
            if (!onlyKeys(n, path, Set.of("not"))) {
                return null;
            }
            Criterion child = node(n.get("not"), path + ".not", depth + 1);
            return child == null ? null : new Not(child);
        }
        if (n.has("field")) {
            return onlyKeys(n, path, Set.of("field", "op", "value")) ? condition(n, path) : null;
        }
        if (n.has("event")) {
            return onlyKeys(n, path, Set.of("event", "within_days", "op", "value")) ? window(n, path) : null;
        }
        if (n.has("in_segment")) {
            if (!onlyKeys(n, path, Set.of("in_segment"))) {
                return null;
            }
            UUID id = uuid(n.get("in_segment"));
            if (id == null) {
                return error(path + ".in_segment", "must be the id of one of your segments");
            }
            dependencies.putIfAbsent(id, path + ".in_segment");
            return new InSegment(id);
        }
        return error(path, "must have one of all, any, not, field, event or in_segment");
    }

    private List<Criterion> children(JsonNode list, String path, int depth) {
        if (!list.isArray() || list.isEmpty()) {
            error(path, "must be a non-empty list of rules");
            return null;
        }
        List<Criterion> children = new ArrayList<>(list.size());
        for (int i = 0; i < list.size() && nodes <= MAX_NODES; i++) {
            children.add(node(list.get(i), path + "[" + i + "]", depth + 1));
        }
        return children.contains(null) || children.size() < list.size() ? null : List.copyOf(children);
    }

    private Criterion condition(JsonNode n, String path) {
        JsonNode name = n.get("field");
        Field field = null;
        if (name.isTextual() && name.asText().startsWith("attributes.")) {
            String key = name.asText().substring("attributes.".length());
            field = ATTRIBUTE_KEY.matcher(key).matches() ? Field.attribute(key) : null;
        } else if (name.isTextual()) {
            field = Fields.of(name.asText()).orElse(null);
        }
        if (field == null) {
            return error(path + ".field", "must be one of " + String.join(", ", Fields.names())
                    + ", or attributes.<key> (letters, digits, _ and -)");
        }
        Operator op = operator(n, path);
        if (op == null || !Values.check(field.type(), op, n.get("value"), path + ".value", errors)) {
            return null;
        }
        timeRelative |= field.timeRelative();
        rfm |= field.rfm();
        return new Condition(field, op, n.get("value"));
    }

    private Criterion window(JsonNode n, String path) {
        JsonNode event = n.get("event");
        JsonNode days = n.get("within_days");
        boolean ok = true;
        if (!event.isTextual() || event.asText().isBlank() || event.asText().length() > 100) {
            ok = false;
            error(path + ".event", "must be an activity name: purchase, interaction or an event type");
        }
        if (days == null || !days.isIntegralNumber() || days.asLong() < 1
                || days.asLong() > CustomerSnapshot.ACTIVITY_DAYS) {
            ok = false;
            error(path + ".within_days", "must be a whole number of days from 1 to " + CustomerSnapshot.ACTIVITY_DAYS);
        }
        Operator op = operator(n, path);
        if (op != null && (op == Operator.CONTAINS || op == Operator.EXISTS || op == Operator.IN)) {
            return error(path + ".op", "a count compares with eq, neq, gt, gte, lt, lte or between");
        }
        if (op == null || !Values.check(Field.Type.NUMBER, op, n.get("value"), path + ".value", errors) || !ok) {
            return null;
        }
        timeRelative = true;
        return new WindowCount(event.asText(), days.intValue(), op, n.get("value"));
    }

    private Operator operator(JsonNode n, String path) {
        JsonNode op = n.get("op");
        Operator parsed = op != null && op.isTextual() ? Operator.of(op.asText()).orElse(null) : null;
        if (parsed == null) {
            error(path + ".op", "must be one of " + Operator.NAMES);
        }
        return parsed;
    }

    private boolean onlyKeys(JsonNode n, String path, Set<String> allowed) {
        boolean ok = true;
        for (Iterator<String> names = n.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                ok = false;
                error(path + "." + name, "is not allowed here (this node takes " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
        return ok;
    }

    private static UUID uuid(JsonNode n) {
        try {
            return n != null && n.isTextual() && n.asText().length() == 36 ? UUID.fromString(n.asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Criterion error(String path, String reason) {
        errors.add(new FieldError(path, reason, null));
        return null;
    }
}
