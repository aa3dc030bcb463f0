package dev.clv.analytics.query.c360;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * customer-success/lifecycle-analysis: each customer's stage at the start of the window (the day before
 * start_date) and at its end (end_date), and the transitions between them. Stages on a day D: Prospect (no purchase
 * yet), Lapsed (last purchase more than 180 days before D), New (one purchase), Repeat (2–4), Loyal (5+); customers
 * registered after D are "Not registered". Purchases are counted from the per-customer day rollup. The window
 * defaults to the 90 days up to today.
 */
@Singleton
public class LifecycleAnalysis extends SqlInsight {
    // stage of a customer from their purchases and last purchase day up to day D
    private static final String STAGE = """
            CASE WHEN registered > %3$s THEN 'Not registered' WHEN coalesce(%1$s, 0) = 0 THEN 'Prospect'
              WHEN %3$s - %2$s > 180 THEN 'Lapsed' WHEN %1$s = 1 THEN 'New' WHEN %1$s <= 4 THEN 'Repeat'
              ELSE 'Loyal' END""";

    // Only the day rollup from 181 days before the window on is read, not every customer's history: purchases up to
    // a day are the customer's total minus those after it, and a last purchase older than that range is more than
    // 180 days before either stage day (Lapsed), whatever day it was, so a day 182 before the window stands in.
    public LifecycleAnalysis(Pool pool) {
        super(pool, "customer-success/lifecycle-analysis", """
                WITH recent AS (
                  SELECT customer_id, sum(purchases) FILTER (WHERE day >= $2) AS from_start,
                    sum(purchases) FILTER (WHERE day > $3) AS after_end,
                    max(day) FILTER (WHERE day < $2 AND purchases > 0) AS last_day,
                    max(day) FILTER (WHERE day <= $3 AND purchases > 0) AS last_day_end
                  FROM analytics.customer_days
                  WHERE tenant_id = $1 AND day >= $2::date - 181
                  GROUP BY customer_id
                ), per AS (
                  SELECT (m.registration_date AT TIME ZONE 'UTC')::date AS registered,
                    m.purchase_count - coalesce(r.from_start, 0) AS purchases,
                    coalesce(r.last_day, $2::date - 182) AS last_day,
                    m.purchase_count - coalesce(r.after_end, 0) AS purchases_end,
                    coalesce(r.last_day_end, $2::date - 182) AS last_day_end
                  FROM analytics.customer_metrics m LEFT JOIN recent r ON r.customer_id = m.customer_id
                  WHERE m.tenant_id = $1
                )
                SELECT %s AS from_stage, %s AS to_stage, count(*) AS customers FROM per GROUP BY 1, 2 ORDER BY 1, 2
                """.formatted(STAGE.formatted("purchases", "last_day", "($2::date - 1)"),
                STAGE.formatted("purchases_end", "last_day_end", "$3::date")));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        LocalDate[] range = params.range();
        LocalDate end = range[1] != null ? range[1] : CustomerHealth.referenceDate(params);
        LocalDate start = range[0] != null ? range[0] : end.minusDays(89);
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("start_date", "must not be after end_date");
        }
        return Tuple.of(tenant, start, end);
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        Map<String, Long> atStart = new TreeMap<>();
        Map<String, Long> atEnd = new TreeMap<>();
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            long n = (Long) r.get("customers");
            atStart.merge((String) r.get("from_stage"), n, Long::sum);
            atEnd.merge((String) r.get("to_stage"), n, Long::sum);
            if (!r.get("from_stage").equals(r.get("to_stage"))) {
                transitions.add(r);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stages_at_start", atStart);
        data.put("stages_at_end", atEnd);
        data.put("transitions", transitions);
        data.put("unchanged", rows.stream().filter(r -> r.get("from_stage").equals(r.get("to_stage")))
                .mapToLong(r -> (Long) r.get("customers")).sum());
        return new Result(data, transitions.size(), null);
    }
}
