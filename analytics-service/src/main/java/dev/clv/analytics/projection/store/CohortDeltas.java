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
 * One batch's deltas to the cohort cells (cohort_sizes, cohort_months), summed per cell so that each row is written
 * once, at the end of the batch: every concurrent batch touches the same few thousand cells, and a lock taken
 * mid-transaction would hold the other consumers for the rest of this batch.
 */
final class CohortDeltas {
    /** A cell and, for cohort_months, the month since registration (0 for cohort_sizes). */
    record Cell(String tenant, LocalDate cohort, String country, String source, String segment, int k) {
    }

    /** Net revenue and active buyers of a cohort month. */
    record Month(BigDecimal net, long active) {
        Month plus(Month o) {
            return new Month(net.add(o.net), active + o.active);
        }
    }

    private final Map<Cell, Long> sizes = new HashMap<>();
    private final Map<Cell, Month> months = new HashMap<>();

    /**
     * A delta row whose nine columns from {@code at} on are: kind ('size' or 'month'), tenant, cohort, country,
     * source, segment, k, a count (customers or active buyers), net revenue. Rows of another kind are skipped.
     */
    void add(Row r, int at) {
        String kind = r.getString(at);
        if (!"size".equals(kind) && !"month".equals(kind)) {
            return;
        }
        boolean size = "size".equals(kind);
        Cell cell = new Cell(r.getString(at + 1), r.getLocalDate(at + 2), r.getString(at + 3), r.getString(at + 4),
                r.getString(at + 5), size ? 0 : r.getInteger(at + 6));
        long count = r.getLong(at + 7);
        if (size) {
            sizes.merge(cell, count, Long::sum);
        } else {
            months.merge(cell, new Month(r.getBigDecimal(at + 8), count), Month::plus);
        }
    }

    boolean hasSizes() {
        return !sizes.isEmpty();
    }

    boolean hasMonths() {
        return !months.isEmpty();
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

    private static Tuple cellArgs(List<Cell> cells) {
        return Tuple.tuple().addArrayOfString(cells.stream().map(Cell::tenant).toArray(String[]::new))
                .addArrayOfLocalDate(cells.stream().map(Cell::cohort).toArray(LocalDate[]::new))
                .addArrayOfString(cells.stream().map(Cell::country).toArray(String[]::new))
                .addArrayOfString(cells.stream().map(Cell::source).toArray(String[]::new))
                .addArrayOfString(cells.stream().map(Cell::segment).toArray(String[]::new));
    }
}
