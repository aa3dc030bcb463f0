package dev.clv.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The route table as written in {@code routes.yaml}: the public routes in order, and the deliberately internal operations. */
public record RouteFile(List<Route> routes, List<Internal> internal) {
    public static final String RESOURCE = "routes.yaml";

    /**
     * One entry: a path prefix ({@code *} = any one segment) and methods (all when empty), then either the route's
     * scope, upstream, meter ({@code calls} when absent) and whether its answers are long-lived streams (server-sent
     * events: never buffered, never timed once their head has arrived, counted per tenant), or, for an alias, only
     * {@code rewrite}: the path the request continues as, which the table then routes like any other request.
     */
    public record Route(String path, List<String> methods, String scope, String upstream, String meter,
            String rewrite, boolean streaming) {
        public Route {
            methods = methods == null ? List.of() : methods;
        }

        public boolean alias() {
            return rewrite != null;
        }
    }

    /** An operation ({@code METHOD /path}) no route exposes on purpose, and why. */
    public record Internal(String operation, String why) {
    }

    public RouteFile {
        internal = internal == null ? List.of() : internal;
    }

    /** Reads the table from the class path; an unknown key or a missing file stops the start. */
    public static RouteFile load() {
        try (InputStream in = RouteFile.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a table written as {@code routes.yaml} is; an unknown key is refused. */
    public static RouteFile read(InputStream yaml) throws IOException {
        return YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue(yaml, RouteFile.class);
    }
}
