package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.Test;

import dev.clv.gateway.proxy.RouteFile;
import dev.clv.gateway.proxy.RouteMatch;
import dev.clv.gateway.proxy.RouteTable;

/**
 * Holds {@code routes.yaml} to the operations the services really have, read from their compiled classes (JAX-RS
 * annotations and {@code @RequiresScope}): every public operation is reachable through the route that matches it
 * first, on its own service; every route is the first match of at least one operation; a route asks for exactly
 * the scope its operations require; and every alias is only another name of operations their own paths reach.
 */
class RouteCoverageTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Map<String, String> MODULES = Map.of("ingestion-service", "ingestion",
            "analytics-service", "analytics", "prediction-service", "prediction", "segmentation-service",
            "segmentation", "gateway", RouteTable.LOCAL);
    private static final List<String> VERBS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final Pattern ALTERNATION = Pattern.compile("\\{\\w+\\s*:\\s*([\\w-]+(?:\\s*\\|\\s*[\\w-]+)+)\\s*}");
    private static final DotName SCOPE = DotName.createSimple("dev.clv.contracts.auth.RequiresScope");

    /** One REST operation of a service: method, path template, the scope it requires and its upstream name. */
    record Operation(String method, String path, String scope, String upstream, String where) {
        String key() {
            return method + " " + path;
        }

        /** The path as a request would send it: every template segment replaced by a sample value. */
        String samplePath() {
            return path.replaceAll("\\{[^}]*}", "x");
        }
    }

    @Test
    void everyOperationIsReachableAndEveryRouteLeadsSomewhereWithTheSameScope() throws IOException {
        assertEquals(List.of(), faults(RouteFile.load()));
    }

    @Test
    void anAliasToAMissingOperationOrOneThatShadowsAnOperationIsAFault() throws IOException {
        List<RouteFile.Route> routes = new ArrayList<>(RouteFile.load().routes());
        // a model named "explain" is what /v1/models/{id} would be asked for: no operation has that literal path
        routes.add(
                new RouteFile.Route("/model/explain", List.of("GET"), null, null, null, "/v1/models/explain", false));
        routes.add(0, new RouteFile.Route("/v1/webhooks", List.of(), null, null, null, "/v1/segments", false));
        List<String> faults = faults(new RouteFile(routes, RouteFile.load().internal()));
        assertTrue(faults.contains("(b) alias /model/explain -> /v1/models/explain [GET] leads to no operation"),
                faults.toString());
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("(d) alias /v1/webhooks shadows POST /v1/webhooks")),
                faults.toString());
    }

    /** What is wrong with {@code file} as a route table of the services' compiled operations. */
    static List<String> faults(RouteFile file) throws IOException {
        RouteTable table = new RouteTable(file, Set.copyOf(MODULES.values()));
        Set<String> internal = new LinkedHashSet<>();
        file.internal().forEach(i -> internal.add(i.operation()));
        List<String> faults = new ArrayList<>();
        Map<RouteTable.Entry, List<Operation>> led = new LinkedHashMap<>();
        table.entries().forEach(e -> led.put(e, new ArrayList<>()));
        List<Operation> operations = operations();
        assertTrue(operations.size() > 50, "the scan found the services' operations: " + operations.size());
        for (Operation op : operations) {
            if (internal.remove(op.key())) {
                continue;
            }
            Optional<RouteMatch> match = table.resolve(op.method(), op.samplePath());
            Optional<RouteTable.Entry> route = match.map(RouteMatch::route);
            if (match.isPresent() && match.get().alias() != null) {
                faults.add("(d) alias " + match.get().alias().path() + " shadows " + op.key() + ", whose own path "
                        + "must reach it unchanged");
            } else if (route.isEmpty()) {
                faults.add("(a) no route reaches " + op.key() + " (" + op.where() + ")");
            } else if (!route.get().upstream().equals(op.upstream())) {
                faults.add("(a) " + op.key() + " of " + op.upstream() + " is routed to " + route.get().upstream()
                        + " by " + route.get().path());
            } else {
                led.get(route.get()).add(op);
                if (!route.get().scope().equals(op.scope())) {
                    faults.add("(c) route " + route.get().path() + " " + route.get().methods() + " asks for "
                            + route.get().scope() + " but " + op.key() + " requires " + op.scope());
                }
            }
        }
        led.forEach((route, ops) -> {
            if (ops.isEmpty()) {
                faults.add("(b) route " + route.path() + " " + route.methods() + " leads to no operation");
            }
        });
        internal.forEach(op -> faults.add("internal operation " + op + " does not exist"));
        AliasCoverage.check(table, operations, faults);
        return faults;
    }

    static List<Operation> operations() throws IOException {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            Index index = index(REPO.resolve(module.getKey()).resolve("target/classes"));
            for (AnnotationInstance path : index.getAnnotations(PATH)) {
                if (path.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                    continue;
                }
                ClassInfo resource = path.target().asClass();
                if (Modifier.isInterface(resource.flags())) {
                    continue; // a REST client of another service, not an operation of this one
                }
                for (MethodInfo method : resource.methods()) {
                    String verb = VERBS.stream().filter(v -> method.hasDeclaredAnnotation(DotName.createSimple(
                            "jakarta.ws.rs." + v))).findFirst().orElse(null);
                    if (verb == null) {
                        continue;
                    }
                    AnnotationInstance sub = method.declaredAnnotation(PATH);
                    AnnotationInstance scope = method.hasDeclaredAnnotation(SCOPE)
                            ? method.declaredAnnotation(SCOPE)
                            : resource.declaredAnnotation(SCOPE);
                    String full = join(path.value().asString(), sub == null ? "" : sub.value().asString());
                    for (String concrete : alternatives(full)) {
                        out.add(new Operation(verb, concrete, scope == null ? "(none)" : scope.value().asString(),
                                module.getValue(), resource.simpleName() + "." + method.name()));
                    }
                }
            }
        }
        return out;
    }

    /** A template whose parameter is a plain alternation ({@code {area: a|b}}) is one operation per word. */
    private static List<String> alternatives(String template) {
        Matcher m = ALTERNATION.matcher(template);
        if (!m.find()) {
            return List.of(template);
        }
        List<String> out = new ArrayList<>();
        for (String word : m.group(1).split("\\|")) {
            out.addAll(alternatives(template.substring(0, m.start()) + word.strip() + template.substring(m.end())));
        }
        return out;
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static Index index(Path classes) throws IOException {
        assertTrue(Files.isDirectory(classes), classes + " is not built");
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        }
        return indexer.complete();
    }
}
