package dev.clv.gateway.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * One tenant's traffic through one gateway replica: per route, its requests since {@code since}, the shares that
 * ended in 5xx ({@code error_rate}) and 4xx ({@code client_error_rate}), and per status class the count and the
 * p50/p99 latency of the last two minutes or so (Micrometer's decaying window).
 */
public record TenantTraffic(String tenant, Instant since, List<RouteTraffic> routes) {

    /** One route ({@code METHODS /path}, as routes.yaml has it): totals, and latency per status class. */
    public record RouteTraffic(String route, long requests, double errorRate, double clientErrorRate,
            Map<String, StatusTraffic> byStatus) {

        static RouteTraffic of(String route, List<Timer> timers) {
            Map<String, StatusTraffic> byStatus = new TreeMap<>();
            long total = 0;
            for (Timer timer : timers) {
                HistogramSnapshot snapshot = timer.takeSnapshot();
                byStatus.put(timer.getId().getTag("status"), new StatusTraffic(snapshot.count(),
                        percentile(snapshot, 0.5), percentile(snapshot, 0.99)));
                total += snapshot.count();
            }
            return new RouteTraffic(route, total, share(byStatus, "5xx", total), share(byStatus, "4xx", total),
                    byStatus);
        }

        private static double share(Map<String, StatusTraffic> byStatus, String status, long total) {
            StatusTraffic found = byStatus.get(status);
            return found == null || total == 0 ? 0 : (double) found.count() / total;
        }

        private static Double percentile(HistogramSnapshot snapshot, double which) {
            for (ValueAtPercentile v : snapshot.percentileValues()) {
                if (v.percentile() == which && !Double.isNaN(v.value())) {
                    return Math.round(v.value(TimeUnit.MILLISECONDS) * 100) / 100.0;
                }
            }
            return null;
        }
    }

    /** Requests of one status class, and their recent median and 99th-percentile latency in milliseconds. */
    public record StatusTraffic(long count, Double p50Ms, Double p99Ms) {
    }
}
