package dev.clv.importer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How file columns become fields of a row. Each rule is {@code field=spec}, where spec is a column name
 * ({@code dollar_value}), a column with a date pattern ({@code date|date:yyyyMMdd}), a constant
 * ({@code const:USD}) or a template over columns and the line number ({@code template:cdnow-{customer_id}-{line}}).
 * Values are sent with the JSON type the API's schema wants; the server stays the judge of validity.
 */
final class ColumnMapping {
    private static final Set<String> INTEGER_FIELDS = Set.of("age", "duration_seconds", "satisfaction_score");
    private static final Set<String> BOOLEAN_FIELDS = Set.of("is_active", "is_refund");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    private record Rule(String field, String column, DateTimeFormatter datePattern, String constant,
            String template) {
    }

    private final List<Rule> rules;

    private ColumnMapping(List<Rule> rules) {
        this.rules = rules;
    }

    static ColumnMapping parse(Properties spec) {
        List<Rule> rules = new ArrayList<>();
        for (String field : spec.stringPropertyNames().stream().sorted().toList()) {
            String value = spec.getProperty(field).strip();
            if (value.startsWith("const:")) {
                rules.add(new Rule(field, null, null, value.substring(6), null));
            } else if (value.startsWith("template:")) {
                rules.add(new Rule(field, null, null, null, value.substring(9)));
            } else if (value.contains("|date:")) {
                String[] parts = value.split("\\|date:", 2);
                rules.add(new Rule(field, parts[0], DateTimeFormatter.ofPattern(parts[1]), null, null));
            } else {
                rules.add(new Rule(field, value, null, null, null));
            }
        }
        return new ColumnMapping(rules);
    }

    /** Every column to the field of the same name. */
    static ColumnMapping identity(Iterable<String> columns) {
        List<Rule> rules = new ArrayList<>();
        columns.forEach(c -> rules.add(new Rule(c, c, null, null, null)));
        return new ColumnMapping(rules);
    }

    ObjectNode apply(SourceRow row) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (Rule rule : rules) {
            String value = rule.constant() != null
                    ? rule.constant()
                    : rule.template() != null ? fill(rule.template(), row) : row.columns().get(rule.column());
            if (value == null || value.isBlank()) {
                continue;
            }
            if (rule.datePattern() != null) {
                value = isoDate(value, rule.datePattern());
            }
            put(json, rule.field(), value.strip());
        }
        return json;
    }

    private static void put(ObjectNode json, String field, String value) {
        if (INTEGER_FIELDS.contains(field) && value.matches("-?\\d{1,9}")) {
            json.put(field, Integer.parseInt(value));
        } else if (BOOLEAN_FIELDS.contains(field) && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                || value.equals("1") || value.equals("0"))) {
            json.put(field, value.equalsIgnoreCase("true") || value.equals("1"));
        } else {
            json.put(field, value);
        }
    }

    // a date the pattern cannot read is passed on as it is, so the server quarantines it with its reason
    private static String isoDate(String value, DateTimeFormatter pattern) {
        try {
            return LocalDate.parse(value.strip(), pattern).toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    private static String fill(String template, SourceRow row) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = "line".equals(name) ? Long.toString(row.line()) : row.columns().getOrDefault(name, "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
