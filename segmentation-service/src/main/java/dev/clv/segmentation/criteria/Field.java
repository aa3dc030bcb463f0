package dev.clv.segmentation.criteria;

/**
 * A field a condition can compare: its name in the rule tree, its type, the SQL that reads it from a
 * {@code customer_state} row aliased {@code s} ({@code $4} is the evaluation time), and whether its value moves
 * with the passage of time alone (such segments are re-evaluated by the sweep).
 */
public record Field(String name, Type type, String sql, boolean timeRelative, boolean rfm) {
    /** The kinds of values a field holds. */
    public enum Type {
        NUMBER, TEXT, BOOLEAN, JSON
    }

    /** A custom profile attribute ({@code attributes.<key>}), compared as JSON; the parser lets only word characters into a key. */
    public static Field attribute(String key) {
        return new Field("attributes." + key, Type.JSON, "(s.attributes -> '" + key + "')",
                false, false);
    }
}
