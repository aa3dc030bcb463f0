package dev.clv.analytics.query.c360;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.MultivaluedHashMap;

import dev.clv.analytics.query.snapshot.SnapshotSource;
import dev.clv.analytics.query.answer.AnswerParams;
import io.smallrye.mutiny.Uni;

/**
 * The Customer 360 answers that aggregate every customer of a tenant, snapshotted as asked without parameters
 * (reference date today). The per-customer lists (churn-risk customers, customer profiles) are index reads and
 * always live.
 */
@ApplicationScoped
public class Customer360Snapshots implements SnapshotSource {
    static final Set<String> PATHS = Set.of("marketing/customer-health-overview", "marketing/loyalty-program-metrics",
            "marketing/customer-segmentation", "product/digital-engagement-analysis",
            "product/cross-sell-opportunities", "product/category-insights", "finance/customer-lifetime-value",
            "finance/revenue-analysis", "finance/rfm-segmentation", "finance/profitability-metrics",
            "customer-success/support-insights", "customer-success/lifecycle-analysis");
    private final Map<String, Insight> insights;

    public Customer360Snapshots(Instance<Insight> insights) {
        this.insights = insights.stream().filter(i -> PATHS.contains(i.path())).collect(Collectors.toMap(
                Insight::path, Function.identity()));
    }

    /** The snapshot name of {@code path}, or null when that answer is always computed live. */
    public static String snapshotName(String path) {
        return PATHS.contains(path) ? "c360:" + path : null;
    }

    @Override
    public List<String> snapshotNames() {
        return PATHS.stream().sorted().map(Customer360Snapshots::snapshotName).toList();
    }

    @Override
    public Uni<Object> snapshot(String tenant, String name) {
        return insights.get(name.substring("c360:".length())).run(tenant, new AnswerParams(new MultivaluedHashMap<>()))
                .map(r -> Map.of("data", r.data(), "count", r.count()));
    }
}
