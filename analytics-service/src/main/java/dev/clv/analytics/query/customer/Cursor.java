package dev.clv.analytics.query.customer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.clv.contracts.problem.ProblemException;

/**
 * An opaque keyset cursor: the sort key of the last row served and the parts that make it unique, base64url so
 * callers treat it as a token. A cursor that does not decode, or was made for another ordering, is a 400.
 */
public record Cursor(String ordering, List<String> parts) {
    private static final char SEP = '\u001f';

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((ordering + SEP + String.join(String.valueOf(
                SEP), parts)).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's parts, or null for none; {@code size} parts are expected, made for {@code ordering}. */
    public static List<String> decode(String token, String ordering, int size) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String[] fields = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8)
                    .split(String.valueOf(SEP), -1);
            if (fields.length == size + 1 && fields[0].equals(ordering)) {
                return List.of(fields).subList(1, fields.length);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("cursor", "is not a cursor this listing (in this order) handed out");
    }
}
