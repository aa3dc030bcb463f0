package dev.clv.console.report;

import java.util.List;

/**
 * What a view shows, whatever it is shown as (page, PDF, CSV, XLSX): its title, the filters it was asked with
 * (printed on every export), figures, charts, tables and notes (e.g. amounts left out for a missing exchange rate).
 * {@code empty} says there is nothing to show for these filters, and {@code emptyHint} what to do about it.
 */
public record Report(String view, String title, List<Filter> filters, List<Kpi> kpis, List<Chart> charts,
        List<Table> tables, List<String> notes, boolean empty, String emptyHint) {

    /** One filter as printed: its label and value. */
    public record Filter(String label, String value) {
    }

    /** The table exported as CSV: the one named, else the first. */
    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElse(tables.isEmpty() ? null : tables.get(0));
    }
}
