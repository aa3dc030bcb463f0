package dev.clv.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clv.gateway.proxy.RouteAlias;
import dev.clv.gateway.proxy.RouteMatch;
import dev.clv.gateway.proxy.RouteTable;

/** {@link RouteCoverageTest}'s rules for aliases: each is only another name of operations their own paths reach. */
final class AliasCoverage {
    private static final Pattern CAPTURE = Pattern.compile("\\{(\\d+)}");

    private AliasCoverage() {
    }

    /**
     * Every alias leads to at least one operation, and every request it takes on to an operation reaches the route
     * (so the scope, upstream and meter) that the operation's own path reaches: an alias is only another name. An
     * alias's fixed target segments must be the operation's own literal segments: {@code /v1/models/info} does not
     * lead to {@code GET /v1/models/{id}} (it would ask for a model named "info"), so a target that does not exist
     * yet is no accident that passes.
     */
    static void check(RouteTable table, List<RouteCoverageTest.Operation> operations, List<String> faults) {
        for (RouteAlias alias : table.aliases()) {
            int led = 0;
            for (RouteCoverageTest.Operation op : operations) {
                if (!alias.methods().isEmpty() && !alias.methods().contains(op.method())) {
                    continue;
                }
                String old = oldPath(alias, op);
                Optional<RouteMatch> via = old == null ? Optional.empty() : table.resolve(op.method(), old);
                if (via.isEmpty() || via.get().alias() != alias) {
                    continue; // not this alias's operation, or another entry takes the old path first
                }
                Optional<RouteMatch> direct = table.resolve(op.method(), op.samplePath());
                if (direct.isEmpty() || direct.get().alias() != null || direct.get().route() != via.get().route()) {
                    faults.add("(e) alias " + alias.path() + " takes " + op.method() + " " + old + " to " + op.key()
                            + ", which its own path does not reach through the same route");
                } else if (!via.get().upstreamPath().equals(op.samplePath())) {
                    faults.add("(e) alias " + alias.path() + " rewrites " + old + " to " + via.get().upstreamPath()
                            + ", not " + op.samplePath());
                } else {
                    led++;
                }
            }
            if (led == 0) {
                faults.add("(b) alias " + alias.path() + " -> " + alias.rewrite() + " " + alias.methods()
                        + " leads to no operation");
            }
        }
    }

    /**
     * The old path through {@code alias} that rewrites to {@code op}'s sample path, or null when there is none: the
     * rewrite's fixed segments must equal the operation's literal segments, and its {@code {n}} take whatever stands
     * there.
     */
    private static String oldPath(RouteAlias alias, RouteCoverageTest.Operation op) {
        String[] template = op.path().substring(1).split("/");
        String[] sample = op.samplePath().substring(1).split("/");
        String[] rewrite = alias.template();
        if (sample.length < rewrite.length) {
            return null;
        }
        Map<Integer, String> captured = new LinkedHashMap<>();
        for (int i = 0; i < rewrite.length; i++) {
            Matcher n = CAPTURE.matcher(rewrite[i]);
            if (n.matches()) {
                captured.put(Integer.parseInt(n.group(1)), sample[i]);
            } else if (template[i].startsWith("{") || !template[i].equals(rewrite[i])) {
                return null;
            }
        }
        StringBuilder old = new StringBuilder();
        int star = 0;
        for (String segment : alias.segments()) {
            old.append('/').append(segment.equals("*") ? captured.get(++star) : segment);
        }
        for (int i = rewrite.length; i < sample.length; i++) {
            old.append('/').append(sample[i]);
        }
        return old.toString();
    }
}
