package dev.clv.analytics.query.c360;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * product/cross-sell-opportunities: category pairs ({@link CategoryPairs}, at most {@code limit}), then channel
 * expansion ({@link ChannelExpansion}, two rows) and loyalty tier upgrades ({@link TierUpgrades}, at most one per
 * tier), each row named by {@code opportunity_type} with {@code from}, {@code to} and {@code customers} (whom the
 * opportunity is about) before its own members. {@code opportunity_type} (repeatable or comma-separated) keeps only
 * those kinds; min_customers (5) applies to category pairs and to the tiers that set a threshold.
 */
@Singleton
public class CrossSellOpportunities implements Insight {
    static final List<String> TYPES = List.of("category_pair", "channel_expansion", "tier_upgrade");
    private final CategoryPairs categories;
    private final ChannelExpansion channels;
    private final TierUpgrades tiers;

    public CrossSellOpportunities(CategoryPairs categories, ChannelExpansion channels, TierUpgrades tiers) {
        this.categories = categories;
        this.channels = channels;
        this.tiers = tiers;
    }

    @Override
    public String path() {
        return "product/cross-sell-opportunities";
    }

    @Override
    public Uni<Result> run(String tenant, AnswerParams params) {
        long minCustomers = params.integer("min_customers", 5, 1, Integer.MAX_VALUE);
        int limit = params.limit(50);
        Set<String> types = types(params);
        // one after another: a cross-sell answer is one permit's worth of work, not three
        List<Map<String, Object>> rows = new ArrayList<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        if (types.contains("category_pair")) {
            all = all.chain(() -> categories.rows(tenant, minCustomers, limit).invoke(rows::addAll)).replaceWithVoid();
        }
        if (types.contains("channel_expansion")) {
            all = all.chain(() -> channels.rows(tenant).invoke(rows::addAll)).replaceWithVoid();
        }
        if (types.contains("tier_upgrade")) {
            all = all.chain(() -> tiers.rows(tenant, minCustomers).invoke(rows::addAll)).replaceWithVoid();
        }
        return all.map(v -> Result.of(rows));
    }

    /** A row's common head: its kind, from what, to what, and how many customers the opportunity is about. */
    static Map<String, Object> row(String type, Object from, Object to, long customers) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("opportunity_type", type);
        v.put("from", from);
        v.put("to", to);
        v.put("customers", customers);
        return v;
    }

    private static Set<String> types(AnswerParams params) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : params.query().getOrDefault("opportunity_type", List.of())) {
            for (String type : value.split(",")) {
                if (type.isBlank()) {
                    continue;
                }
                if (!TYPES.contains(type.strip())) {
                    throw ProblemException.badRequest("opportunity_type", "must be one of " + TYPES + ", got '"
                            + type.strip() + "'");
                }
                out.add(type.strip());
            }
        }
        return out.isEmpty() ? new LinkedHashSet<>(TYPES) : out;
    }
}
