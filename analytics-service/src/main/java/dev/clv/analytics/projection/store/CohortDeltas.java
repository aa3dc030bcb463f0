package dev.clv.analytics.projection.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * One batch's deltas to the cohort cells (cohort_sizes, cohort_months, cohort_scores), summed per cell so that each
 * row is written once, at the end of the batch: every concurrent batch touches the same few thousand cells, and a
 * lock taken mid-transaction would hold the other consumers for the rest of this batch.
 */
final class CohortDeltas {
    /** A cell and, for cohort_months, the month since registration; for cohort_scores the horizon (0: sizes). */
    record Cell(String tenant, LocalDate cohort, String country, String source, String segment, int k) {
    }

    /** Net revenue and active buyers of a cohort month; for a score cell, the predicted CLV and scored customers. */
    record Month(BigDecimal net, long active) {
        Month plus(Month o) {
            return new Month(net.add(o.net), active + o.active);
        }
    }

    private final Map<Cell, Long> sizes = new HashMap<>();
    private final Map<Cell, Month> months = new HashMap<>();
    private final Map<Cell, Month> scores = new HashMap<>();

    /**
     * A delta row whose nine columns from {@code at} on are: kind ('size', 'month' or 'score'), tenant, cohort,
     * country, source, segment, k, a count (customers, active buyers or scored customers), an amount (net revenue
     * or predicted CLV). Rows of another kind are skipped.
     */
    void add(Row r, int at) {
        String kind = r.getString(at);
        Map<Cell, Month> into = "month".equals(kind) ? months : "score".equals(kind) ? scores : null;
        if (into == null && !"size".equals(kind)) {
            return;
        }
        Cell cell = new Cell(r.getString(at + 1), r.getLocalDate(at + 2), r.getString(at + 3), r.getString(at + 4),
                r.getString(at + 5), into == null ? 0 : r.getInteger(at + 6));
        long count = r.getLong(at + 7);
        if (into == null) {
            sizes.merge(cell, count, Long::sum);
        } else {
            into.merge(cell, new Month(r.getBigDecimal(at + 8), count), Month::plus);
        }
    }

    boolean hasSizes() {
        return !sizes.isEmpty();
    }

    boolean hasMonths() {
        return !months.isEmpty();
    }

    boolean hasScores() {
        return !scores.isEmpty();
    }

    /** Arguments of HOT_COHORT_SIZES (the statement orders them by key). */
    Tuple sizeArgs() {
        List<Cell> cells = new ArrayList<>(sizes.keySet());
        return cellArgs(cells).addArrayOfLong(cells.stream().map(sizes::get).toArray(Long[]::new));
    }

    /** Arguments of HOT_COHORT_MONTHS (the statement orders them by key). */
    Tuple monthArgs() {
        List<Cell> cells = new ArrayList<>(months.keySet());
        return cellArgs(cells).addArrayOfInteger(cells.stream().map(Cell::k).toArray(Integer[]::new))
                .addValue(cells.stream().map(c -> Numeric.create(months.get(c).net())).toArray(Numeric[]::new))
                .addArrayOfLong(cells.stream().map(c -> months.get(c).active()).toArray(Long[]::new));
    }

    /** Arguments of HOT_COHORT_SCORES (the statement orders them by key). */
    Tuple scoreArgs() {
        List<Cell> cells = new ArrayList<>(scores.keySet());
        return cellArgs(cells).addArrayOfInteger(cells.stream().map(Cell::k).toArray(Integer[]::new))
                .addArrayOfLong(cells.stream().map(c -> scores.get(c).active()).toArray(Long[]::new))
                .addValue(cells.stream().map(c -> Numeric.create(scores.get(c).net())).toArray(Numeric[]::new));
    }

    private static Tuple cellArgs(List<Cell> cells) {
        return Tuple.tuple().addArrayOfString(cells.stream().map(Cell::tenant).toArray(String[]::new))
                .addArrayOfLocalDate(cells.stream().map(Cell::cohort).toArray(LocalDate[]::new))
                .addArrayOfString(cells.stream().map(Cell::country).toArray(String[]::new))
                .addArrayOfString(cells.stream().map(Cell::source).toArray(String[]::new))
                .addArrayOfString(cells.stream().map(Cell::segment).toArray(String[]::new));
    }
}
