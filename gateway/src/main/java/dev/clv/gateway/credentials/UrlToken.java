package dev.clv.gateway.credentials;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import io.vertx.core.http.HttpServerRequest;

/**
 * Tinybird's {@code ?token=} in a URL (seed 000): read once, on {@code /v0/*}, by {@link CredentialHeaders}, and
 * taken out of every URL that goes upstream, so no service, log or error ever sees a credential in a URL.
 */
public final class UrlToken {
    public static final String PARAMETER = "token";

    private UrlToken() {
    }

    /** The request's first non-empty {@code token} parameter, else null. */
    static String of(HttpServerRequest request) {
        return request.params().getAll(PARAMETER).stream().filter(v -> !v.isBlank()).findFirst().orElse(null);
    }

    /** The raw query without any {@code token} parameter (as sent, otherwise); null when nothing remains. */
    public static String stripped(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!decode(name).equals(PARAMETER)) {
                kept.add(pair);
            }
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    /** The path and the query (token removed) the upstream sees. */
    public static String uri(String path, String query) {
        String rest = stripped(query);
        return rest == null ? path : path + "?" + rest;
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name; // a malformed escape is no "token"; the upstream judges the rest of the query
        }
    }
}
