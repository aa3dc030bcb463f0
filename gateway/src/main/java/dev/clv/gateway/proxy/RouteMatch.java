package dev.clv.gateway.proxy;

import io.vertx.ext.web.RoutingContext;

/**
 * What a request reached in the route table: its canonical route, the alias it came through (null when none) and
 * the path its upstream sees (the request's own, or the alias's rewrite of it).
 */
public record RouteMatch(RouteTable.Entry route, RouteAlias alias, String upstreamPath) {
    private static final String KEY = "clv.route";

    void attachTo(RoutingContext rc) {
        rc.put(KEY, this);
    }

    /** The request's match, or null when it matched no route (or was refused before routing). */
    public static RouteMatch find(RoutingContext rc) {
        return rc.get(KEY);
    }
}
