package dev.clv.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics that deploy/monitoring's alerts and a service's dashboard read, so that a service's tests can check
 * that its /q/metrics publishes every one of them: a renamed metric fails the build, not the first incident.
 */
public final class MonitoredMetrics {
    // a metric name is the identifier before a selector: every query in deploy/monitoring selects on namespace
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final Pattern DASHBOARD_EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private MonitoredMetrics() {
    }

    /** The metric names {@code service}'s dashboard and the alerts naming it in their exposed-by annotation read. */
    public static Set<String> of(String service) {
        Path monitoring = monitoring();
        Set<String> names = new TreeSet<>();
        try {
            for (String rule : Files.readString(monitoring.resolve("alerts.yaml")).split("- alert: ")) {
                Matcher exposedBy = Pattern.compile("exposed-by: *(.*)").matcher(rule);
                if (exposedBy.find() && Arrays.asList(exposedBy.group(1).trim().split(" +")).contains(service)) {
                    names.addAll(selected(rule.substring(rule.indexOf("expr:"), rule.indexOf("annotations:"))));
                }
            }
            Matcher expr = DASHBOARD_EXPR.matcher(Files.readString(monitoring.resolve("dashboards/" + service
                    + ".json")));
            while (expr.find()) {
                names.addAll(selected(expr.group(1).replace("\\\"", "\"")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Those of {@link #of} missing from {@code exposition} (what /q/metrics answered); empty when all are there. */
    public static Set<String> missing(String service, String exposition) {
        Set<String> missing = new TreeSet<>();
        for (String name : of(service)) {
            if (!Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(exposition).find()) {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * {@link #missing} of what {@code scrape} answers, scraping again for up to five seconds while some are missing
     * (a request's timing is recorded once its response has ended, which may be after the client has read it).
     */
    public static Set<String> missingAfterScrapes(String service, Supplier<String> scrape) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Set<String> missing = missing(service, scrape.get());
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            missing = missing(service, scrape.get());
        }
        return missing;
    }

    /**
     * Fails unless {@code service} has metrics to check and {@code scrape} (its /q/metrics) publishes every one of
     * them: what each service's MonitoredMetricsTest asserts.
     */
    public static void assertPublished(String service, Supplier<String> scrape) {
        if (of(service).isEmpty()) {
            throw new AssertionError(service + " has no dashboard or alert to check");
        }
        Set<String> missing = missingAfterScrapes(service, scrape);
        if (!missing.isEmpty()) {
            throw new AssertionError(service + " does not publish " + missing);
        }
    }

    private static Set<String> selected(String query) {
        Set<String> out = new TreeSet<>();
        Matcher m = SELECTED.matcher(query);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Path monitoring() {
        // tests run in their module's folder: the repository root is the first parent holding deploy/monitoring
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/monitoring"))) {
                return dir.resolve("deploy/monitoring");
            }
        }
        throw new IllegalStateException("no deploy/monitoring above " + Path.of("").toAbsolutePath());
    }
}
