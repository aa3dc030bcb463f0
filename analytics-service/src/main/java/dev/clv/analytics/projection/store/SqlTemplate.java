package dev.clv.analytics.projection.store;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {{name}}} placeholders of a statement with named SQL fragments. Written here because the
 * statements are plain text blocks with {@code $n} parameters of their own, and a template engine would add a
 * syntax to escape for a dozen substitutions; what it must guarantee is small: a placeholder without a fragment,
 * or a fragment no placeholder uses, fails when the class loads, not when a batch runs.
 */
final class SqlTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private SqlTemplate() {
    }

    static String fill(String sql, Map<String, String> fragments) {
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder(sql.length() + 512);
        while (m.find()) {
            String fragment = fragments.get(m.group(1));
            if (fragment == null) {
                throw new IllegalStateException("no SQL fragment named " + m.group(1));
            }
            used.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(fragment));
        }
        m.appendTail(out);
        if (!used.containsAll(fragments.keySet())) {
            throw new IllegalStateException("unused SQL fragments: " + fragments.keySet());
        }
        return out.toString();
    }
}
