package dev.clv.gateway.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An old path that continues as a canonical one: the segments its path matched are replaced by {@code rewrite},
 * whose {@code {n}} takes the n-th segment a {@code *} matched; what follows the match is kept. An alias states no
 * scope, upstream or meter: the request is routed again by its rewritten path, so it needs exactly what the
 * canonical route needs and costs what it costs.
 */
public record RouteAlias(String path, String[] segments, Set<String> methods, String rewrite, String[] template) {
    private static final Pattern CAPTURE = Pattern.compile("\\{(\\d+)}");

    /** The alias of {@code path} to {@code rewrite}, refused when its captures and placeholders do not agree. */
    static RouteAlias of(String path, Set<String> methods, String rewrite) {
        if (!rewrite.startsWith("/")) {
            throw new IllegalStateException("alias " + path + ": rewrite " + rewrite + " must start with /");
        }
        String[] segments = RouteTable.split(path);
        String[] template = RouteTable.split(rewrite);
        long captures = List.of(segments).stream().filter("*"::equals).count();
        List<Integer> used = new ArrayList<>();
        for (String part : template) {
            Matcher m = CAPTURE.matcher(part);
            if (m.matches()) {
                used.add(Integer.parseInt(m.group(1)));
            } else if (part.equals("*") || part.contains("{") || part.contains("}")) {
                throw new IllegalStateException("alias " + path + ": '" + part + "' in rewrite " + rewrite
                        + " is neither a plain segment nor a whole {n}");
            }
        }
        for (int n = 1; n <= captures; n++) {
            if (!used.contains(n)) {
                // a segment matched but never used would be silently dropped from the request
                throw new IllegalStateException("alias " + path + ": rewrite " + rewrite + " does not use {" + n + "}");
            }
        }
        used.stream().filter(n -> n < 1 || n > captures).findFirst().ifPresent(n -> {
            throw new IllegalStateException("alias " + path + ": rewrite " + rewrite + " uses {" + n + "} but the "
                    + "path has " + captures + " '*'");
        });
        return new RouteAlias(path, segments, methods, rewrite, template);
    }

    boolean matches(String method, String[] path) {
        return RouteTable.matches(segments, methods, method, path);
    }

    /** The canonical path of a request path this alias matched. */
    String rewritten(String[] path) {
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("*")) {
                captured.add(path[i]);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String part : template) {
            Matcher m = CAPTURE.matcher(part);
            out.append('/').append(m.matches() ? captured.get(Integer.parseInt(m.group(1)) - 1) : part);
        }
        for (int i = segments.length; i < path.length; i++) {
            out.append('/').append(path[i]);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
