package dev.clv.gateway.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.ratelimit.Meter;

/** Finds the route of a request: the first entry whose path prefix and method match, so order is precedence. */
@ApplicationScoped
public class RouteTable {

    /** A compiled route: its path segments ({@code *} = any one segment), methods, scope, upstream and meter. */
    public record Entry(String path, String[] segments, Set<String> methods, String scope, String upstream,
            Meter meter) {
        boolean matches(String method, String[] path) {
            if (path.length < segments.length || (!methods.isEmpty() && !methods.contains(method))) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (!segments[i].equals("*") && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The upstream name of routes the gateway serves itself (API keys). */
    public static final String LOCAL = "gateway";

    private final List<Entry> entries;

    @Inject
    public RouteTable(GatewayConfig config) {
        this(RouteFile.load(), config.upstreams().keySet());
    }

    /** The table of {@code file}, refusing a route to an upstream not in {@code upstreams} or an unknown meter. */
    public RouteTable(RouteFile file, Set<String> upstreams) {
        for (RouteFile.Route r : file.routes()) {
            if (!r.upstream().equals(LOCAL) && !upstreams.contains(r.upstream())) {
                throw new IllegalStateException("route " + r.path() + " names unknown upstream " + r.upstream());
            }
            if (Meter.named(r.meter()).isEmpty()) {
                throw new IllegalStateException("route " + r.path() + " has meter " + r.meter() + "; one of "
                        + Arrays.stream(Meter.values()).map(Meter::meterName).toList());
            }
        }
        this.entries = file.routes().stream().map(r -> new Entry(r.path(), split(r.path()), r.methods().stream()
                .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()), r.scope(), r.upstream(),
                Meter.named(r.meter()).orElseThrow())).toList();
    }

    public Optional<Entry> find(String method, String path) {
        String[] segments = split(path);
        return entries.stream().filter(e -> e.matches(method, segments)).findFirst();
    }

    /** Every entry, in order. */
    public List<Entry> entries() {
        return entries;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
