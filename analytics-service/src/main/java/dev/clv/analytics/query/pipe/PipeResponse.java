package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AsOf;
import java.util.List;
import java.util.Map;

/**
 * Tinybird's pipe answer: column metadata, the rows, their count and what the query cost, plus how fresh the
 * projection behind it is.
 */
public record PipeResponse(List<Column> meta, List<Map<String, Object>> data, int rows, Statistics statistics,
        AsOf asOf) {

    /** A result column and its Tinybird type name. */
    public record Column(String name, String type) {
    }

    /** Elapsed seconds, rows read from the database and bytes of the result. */
    public record Statistics(double elapsed, long rowsRead, long bytesRead) {
    }
}
