package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AnswerParams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.PipeResponse.Column;
import io.smallrye.mutiny.Uni;

/**
 * ltv_by_cohort: per registration month, customers, total and average lifetime value (net revenue), and the
 * cohort's cumulative net revenue by months since registration (index 0 = the registration month) up to the
 * newest month with activity. Filters: registration start_date/end_date, country, acquisition_source, segment.
 */
@ApplicationScoped
public class LtvByCohortPipe implements Pipe {
    private static final List<Column> COLUMNS = List.of(new Column("cohort", "String"),
            new Column("customers", "UInt64"), new Column("total_ltv", "Decimal"), new Column("avg_ltv", "Decimal"),
            new Column("cumulative_ltv", "Array(Decimal)"));
    private final CohortActivity activity;

    public LtvByCohortPipe(CohortActivity activity) {
        this.activity = activity;
    }

    @Override
    public String name() {
        return "ltv_by_cohort";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        int limit = params.limit(1000);
        return activity.cohorts(filter).map(cohorts -> {
            List<List<Object>> rows = new ArrayList<>();
            for (CohortActivity.Cohort c : cohorts.subList(0, Math.min(limit, cohorts.size()))) {
                List<BigDecimal> cumulative = new ArrayList<>(c.revenue().length);
                BigDecimal running = BigDecimal.ZERO;
                for (BigDecimal month : c.revenue()) {
                    running = running.add(month);
                    cumulative.add(running);
                }
                rows.add(List.of(c.month().toString().substring(0, 7), c.customers(), c.totalLtv(),
                        c.totalLtv().divide(BigDecimal.valueOf(c.customers()), 2, RoundingMode.HALF_UP), cumulative));
            }
            return rows;
        });
    }
}
