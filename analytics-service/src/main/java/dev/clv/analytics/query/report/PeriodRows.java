package dev.clv.analytics.query.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Folds per-day rows into the report's periods, so that every period of the window appears, empty or not. */
final class PeriodRows<A> {
    private final ReportParams params;
    private final Map<LocalDate, A> byPeriod = new LinkedHashMap<>();

    PeriodRows(ReportParams params, java.util.function.Supplier<A> empty) {
        this.params = params;
        for (LocalDate p : params.periods()) {
            byPeriod.put(p, empty.get());
        }
    }

    /** The accumulator of the period holding this local day. */
    A at(LocalDate day) {
        return byPeriod.get(params.periodOf(day));
    }

    /** One row per period: its name and start, then the values made of the period and its accumulator. */
    List<Map<String, Object>> rows(BiFunction<LocalDate, A, Map<String, Object>> values) {
        List<Map<String, Object>> out = new ArrayList<>(byPeriod.size());
        byPeriod.forEach((period, acc) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", period.toString());
            row.put("period_start", (period.isBefore(params.start()) ? params.start() : period)
                    .atStartOfDay(params.zone()).toOffsetDateTime().toString());
            row.putAll(values.apply(period, acc));
            out.add(row);
        });
        return out;
    }
}
