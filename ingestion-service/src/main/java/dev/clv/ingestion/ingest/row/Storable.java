package dev.clv.ingestion.ingest.row;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the read model's database would refuse after we accepted a row, found at the door instead: a NUL character
 * or an unpaired surrogate in any text (a value or a key, at any depth: PostgreSQL stores neither in text nor in
 * jsonb), and numbers in free-form data that are not finite or too long to store. A 2xx row is then always
 * projected, never dead-lettered for its content.
 */
public final class Storable {
    /** Digits a number of free-form data may have on either side of the point. */
    static final int MAX_NUMBER_DIGITS = 100;

    /** The problem of the first value PostgreSQL would refuse, or null when the whole row can be stored. */
    public record Problem(String field, String reason) {
    }

    private Storable() {
    }

    public static Problem check(JsonNode row) {
        return check(row, "");
    }

    private static Problem check(JsonNode node, String path) {
        if (node.isTextual()) {
            String why = text(node.textValue());
            return why == null ? null : new Problem(name(path), why);
        }
        if (node.isNumber()) {
            return number(node)
                    ? null
                    : new Problem(name(path), "a number that cannot be stored: at most "
                            + MAX_NUMBER_DIGITS + " digits before and after the decimal point, and finite");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = (path.isEmpty() ? "" : path + ".") + printable(e.getKey());
                String why = text(e.getKey());
                if (why != null) {
                    return new Problem(name(child), "the field name " + why);
                }
                Problem p = check(e.getValue(), child);
                if (p != null) {
                    return p;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Problem p = check(node.get(i), path + "[" + i + "]");
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String name(String path) {
        return path.isEmpty() ? "$" : path;
    }

    /**
     * The text with what cannot be stored written as JSON escapes ({@code \u0000}, an unpaired surrogate as
     * {@code \ud800}): for field paths in answers, and for the raw rows quarantine keeps.
     */
    public static String printable(String s) {
        if (text(s) == null) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Why a text cannot be stored, or null. */
    static String text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains a NUL character (\\u0000), which cannot be stored";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (half a UTF-16 character), which cannot be stored";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (half a UTF-16 character), which cannot be stored";
            }
        }
        return null;
    }

    private static boolean number(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            return !Double.isNaN(d) && !Double.isInfinite(d);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return true;
        }
        BigDecimal d = node.decimalValue();
        return d.precision() - d.scale() <= MAX_NUMBER_DIGITS && d.scale() <= MAX_NUMBER_DIGITS;
    }
}
