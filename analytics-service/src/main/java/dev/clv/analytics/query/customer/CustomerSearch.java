package dev.clv.analytics.query.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clv.contracts.problem.ProblemException;

/**
 * A search of /v1/customers ({@code q}): a customer id exactly, e-mails by their beginning (when {@code q} holds an
 * {@code @}) and names by the beginnings of their words, these two case-insensitive. Matches rank in that order,
 * then by name.
 */
record CustomerSearch(String id, String emailFrom, String emailTo, String nameQuery) {
    static final int MIN = 2;
    static final int MAX = 200;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    // above every character: the end of the range of e-mails starting with a prefix, compared byte by byte
    private static final String TOP = new String(Character.toChars(Character.MAX_CODE_POINT));

    static CustomerSearch of(String q) {
        String text = q == null ? "" : q.strip();
        if (text.length() < MIN || text.length() > MAX) {
            throw ProblemException.badRequest("q", "must be " + MIN + " to " + MAX + " characters");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean email = lower.contains("@");
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find() && words.size() < 8) {
            words.add(m.group());
        }
        // letters and digits only reach to_tsquery, each as a quoted prefix: nothing a user types is query syntax
        String name = words.isEmpty()
                ? null
                : String.join(" & ", words.stream().map(w -> "'" + w + "':*")
                        .toList());
        return new CustomerSearch(text, email ? lower : null, email ? lower + TOP : null, email ? null : name);
    }
}
