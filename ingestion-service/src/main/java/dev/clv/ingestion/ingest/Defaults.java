package dev.clv.ingestion.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clv.ingestion.ingest.row.ParsedRow;
import dev.clv.ingestion.ingest.row.RowRules;

/**
 * A field the server filled in, in an answer: which field, the value it was given, and the rows (1-based, as sent)
 * that were stored with it. Listed only for rows really stored now, not for rejected rows or duplicates.
 */
public record Defaults(String field, Instant value, List<Integer> rows) {

    /** What was filled in for the stored rows {@code sent} of a request received at {@code now}; null if nothing. */
    static List<Defaults> of(List<ParsedRow> sent, RowRules rules, Instant now) {
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (ParsedRow row : sent) {
            for (String field : row.defaulted()) {
                rows.computeIfAbsent(field, f -> new ArrayList<>()).add(row.row());
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        // the only default so far is an event's timestamp
        List<Defaults> out = new ArrayList<>();
        rows.forEach((field, numbers) -> out.add(new Defaults(field, rules.timestampFor(now), numbers)));
        return out;
    }
}
