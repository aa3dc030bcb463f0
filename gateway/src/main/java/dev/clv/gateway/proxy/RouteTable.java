package dev.clv.gateway.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.ratelimit.Meter;

/**
 * Finds the route of a request: the first entry whose path prefix and method match, so order is precedence. An
 * alias entry that matches first sends the request on as its rewritten path, routed again among the canonical
 * entries only (an alias never leads to another alias, nor to a route the gateway serves itself).
 */
@ApplicationScoped
public class RouteTable {

    /**
     * A compiled route: its path segments ({@code *} = any one segment), methods, scope, upstream, meter, and whether
     * its answers are long-lived streams.
     */
    public record Entry(String path, String[] segments, Set<String> methods, String scope, String upstream,
            Meter meter, boolean streaming) {
        boolean matches(String method, String[] path) {
            return RouteTable.matches(segments, methods, method, path);
        }

        /** The route as metrics and listings name it: its methods ({@code *} for all) and path. */
        public String name() {
            return (methods.isEmpty() ? "*" : String.join(",", new TreeSet<>(methods))) + " " + path;
        }
    }

    /** One table entry, in file order: a route or an alias. */
    private record Rule(Entry entry, RouteAlias alias) {
    }

    /** The upstream name of routes the gateway serves itself (API keys, admin metrics). */
    public static final String LOCAL = "gateway";

    private final List<Rule> rules;
    private final List<Entry> entries;
    private final List<RouteAlias> aliases;

    @Inject
    public RouteTable(GatewayConfig config) {
        this(RouteFile.load(), config.upstreams().keySet());
    }

    /**
     * The table of {@code file}, refusing a route to an upstream not in {@code upstreams}, an unknown meter, an
     * alias that states what only its canonical route may (scope, upstream, meter, streaming), and a streaming route
     * the gateway serves itself or that draws rows from the events quota (a stream is one call).
     */
    public RouteTable(RouteFile file, Set<String> upstreams) {
        List<Rule> compiled = new ArrayList<>();
        for (RouteFile.Route r : file.routes()) {
            Set<String> methods = r.methods().stream().map(m -> m.toUpperCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            if (split(r.path()).length == 0) {
                throw new IllegalStateException("an entry's path may not be /");
            }
            if (r.alias()) {
                if (r.scope() != null || r.upstream() != null || r.meter() != null || r.streaming()) {
                    throw new IllegalStateException("alias " + r.path() + " states a scope, upstream, meter or "
                            + "streaming; it takes them from the route its rewrite reaches");
                }
                compiled.add(new Rule(null, RouteAlias.of(r.path(), methods, r.rewrite())));
                continue;
            }
            if (r.scope() == null || r.upstream() == null) {
                throw new IllegalStateException("route " + r.path() + " needs a scope and an upstream");
            }
            if (!r.upstream().equals(LOCAL) && !upstreams.contains(r.upstream())) {
                throw new IllegalStateException("route " + r.path() + " names unknown upstream " + r.upstream());
            }
            String meter = r.meter() == null ? Meter.CALLS.meterName() : r.meter();
            if (Meter.named(meter).isEmpty()) {
                throw new IllegalStateException("route " + r.path() + " has meter " + meter + "; one of "
                        + Arrays.stream(Meter.values()).map(Meter::meterName).toList());
            }
            if (r.streaming() && (r.upstream().equals(LOCAL) || Meter.named(meter).orElseThrow() != Meter.CALLS)) {
                throw new IllegalStateException("streaming route " + r.path() + " must lead to a service's upstream "
                        + "and cost one call (meter: calls)");
            }
            compiled.add(new Rule(new Entry(r.path(), split(r.path()), methods, r.scope(), r.upstream(),
                    Meter.named(meter).orElseThrow(), r.streaming()), null));
        }
        this.rules = List.copyOf(compiled);
        this.entries = compiled.stream().map(Rule::entry).filter(Objects::nonNull).toList();
        this.aliases = compiled.stream().map(Rule::alias).filter(Objects::nonNull).toList();
    }

    /** Where a request goes: the first entry that matches, and for an alias the canonical route of its rewrite. */
    public Optional<RouteMatch> resolve(String method, String path) {
        String[] segments = split(path);
        for (Rule rule : rules) {
            if (rule.entry() != null && rule.entry().matches(method, segments)) {
                return Optional.of(new RouteMatch(rule.entry(), null, path));
            }
            if (rule.alias() != null && rule.alias().matches(method, segments)) {
                String target = rule.alias().rewritten(segments);
                // the gateway's own routes are served by the path the client sent, which only they know
                return find(method, target).filter(e -> !e.upstream().equals(LOCAL))
                        .map(e -> new RouteMatch(e, rule.alias(), target));
            }
        }
        return Optional.empty();
    }

    /** The first canonical route (aliases aside) that matches a method and path. */
    public Optional<Entry> find(String method, String path) {
        String[] segments = split(path);
        return entries.stream().filter(e -> e.matches(method, segments)).findFirst();
    }

    /** Every canonical route, in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Every alias, in order. */
    public List<RouteAlias> aliases() {
        return aliases;
    }

    /** The first path segment of every entry ({@code v0}, {@code v1}, an alias's old path...): what the proxy takes. */
    public Set<String> firstSegments() {
        Set<String> firsts = new TreeSet<>();
        rules.forEach(r -> firsts.add(r.entry() != null ? r.entry().segments()[0] : r.alias().segments()[0]));
        return firsts;
    }

    /** Whether {@code pattern} (and {@code methods}, all when empty) matches the start of a request's path. */
    static boolean matches(String[] pattern, Set<String> methods, String method, String[] path) {
        if (path.length < pattern.length || (!methods.isEmpty() && !methods.contains(method))) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
