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
 * customer_retention_analysis: per registration-month cohort and month since registration, the share of the
 * cohort that made at least one purchase in that calendar month (4 decimals). Filters: registration
 * start_date/end_date, segment, country.
 */
@ApplicationScoped
public class RetentionPipe implements Pipe {
    private static final List<Column> COLUMNS = List.of(new Column("cohort", "String"),
            new Column("months_since_registration", "UInt32"), new Column("cohort_size", "UInt64"),
            new Column("active_customers", "UInt64"), new Column("retention_rate", "Decimal"));
    private final CohortActivity activity;

    public RetentionPipe(CohortActivity activity) {
        this.activity = activity;
    }

    @Override
    public String name() {
        return "customer_retention_analysis";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        CustomerFilter scoped = new CustomerFilter(filter.tenant(), filter.registeredFrom(), filter.registeredBefore(),
                filter.country(), filter.segment(), null, null);
        int limit = params.limit(10_000);
        return activity.cohorts(scoped).map(cohorts -> {
            List<List<Object>> rows = new ArrayList<>();
            for (CohortActivity.Cohort c : cohorts) {
                for (int k = 0; k < c.active().length && rows.size() < limit; k++) {
                    rows.add(List.of(c.month().toString().substring(0, 7), k, c.customers(), c.active()[k],
                            BigDecimal.valueOf(c.active()[k]).divide(BigDecimal.valueOf(c.customers()), 4,
                                    RoundingMode.HALF_UP)));
                }
            }
            return rows;
        });
    }

}
