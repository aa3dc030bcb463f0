package dev.clv.ingestion.pseudonym;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One tenant's pseudonyms for one request: {@code ps1_} and the unpadded base64url of the first 16 bytes of
 * HMAC-SHA256(tenant key, value), so a value always gives the same 26 characters within the tenant. Not thread-safe.
 */
final class Pseudonymiser {
    static final String PREFIX = "ps1_";
    // 16 bytes are 22 base64url characters, the last carrying only 2 bits: exactly what we write, nothing else
    private static final Pattern FORMAT = Pattern.compile("ps1_[A-Za-z0-9_-]{21}[AQgw]");
    private static final int KEPT_BYTES = 16;
    private final Mac mac;

    Pseudonymiser(Mac mac) {
        this.mac = mac;
    }

    /** Whether {@code value} already is a pseudonym (of any tenant): it is then kept, never hashed twice. */
    static boolean isPseudonym(String value) {
        return value.length() == 26 && FORMAT.matcher(value).matches();
    }

    /**
     * The pseudonym of a text: surrounding whitespace dropped first (as the write API reads profile fields), an
     * email also lower-cased; a blank text or a pseudonym is kept as it is.
     */
    String text(String value, boolean email) {
        String s = value.strip();
        if (s.isEmpty()) {
            return value;
        }
        if (isPseudonym(s)) {
            return s;
        }
        String normal = email ? s.toLowerCase(Locale.ROOT) : s;
        byte[] digest = mac.doFinal(normal.getBytes(StandardCharsets.UTF_8));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, KEPT_BYTES));
    }

    /** A value of a row's attributes: each string and number in it (at any depth) replaced, its shape kept. */
    Object value(Object v, boolean email) {
        if (v instanceof String s) {
            return text(s, email);
        }
        if (v instanceof Number n) {
            return text(n.toString(), email);
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, inner) -> out.put(k, value(inner, email)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(inner -> value(inner, email)).toList();
        }
        return v; // booleans and null say nothing about a person
    }

    /** The same for a value of a row's raw JSON, so a replay of the stored text reads as the row would have. */
    JsonNode node(JsonNode v, boolean email) {
        if (v.isTextual() || v.isNumber()) {
            return TextNode.valueOf(text(v.asText(), email));
        }
        if (v instanceof ObjectNode object) {
            ObjectNode out = object.objectNode();
            object.fields().forEachRemaining(e -> out.set(e.getKey(), node(e.getValue(), email)));
            return out;
        }
        if (v instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            array.forEach(inner -> out.add(node(inner, email)));
            return out;
        }
        return v;
    }
}
