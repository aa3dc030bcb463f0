package dev.clv.console.report;

import java.util.ArrayList;
import java.util.List;

import dev.clv.console.view.ViewParams;

/** The filters a report prints: its range and zone, the currency asked for, and the view's own. */
public final class Filters {
    private Filters() {
    }

    /** The range (with {@code rangeNote}, e.g. what it is compared with), zone, currency, then label/value pairs. */
    public static List<Report.Filter> of(ViewParams view, String rangeNote, String... more) {
        List<Report.Filter> filters = new ArrayList<>();
        filters.add(new Report.Filter("Range", view.from() + " to " + view.to() + (rangeNote.isEmpty()
                ? ""
                : ", " + rangeNote)));
        filters.add(new Report.Filter("Time zone", view.zone().getId()));
        if (!view.currency().isEmpty()) {
            filters.add(new Report.Filter("Currency", view.currency()));
        }
        for (int i = 0; i + 1 < more.length; i += 2) {
            if (more[i + 1] != null && !more[i + 1].isBlank()) {
                filters.add(new Report.Filter(more[i], more[i + 1]));
            }
        }
        return filters;
    }
}
