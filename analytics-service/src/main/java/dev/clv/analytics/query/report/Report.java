package dev.clv.analytics.query.report;

import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;

/** One /v1/reports report: its rows per period of the window, empty periods included. */
public interface Report {
    String name();

    Uni<ReportResult> run(String tenant, ReportParams params);

    /** The rows, in period order, and anything the caller must know about them (such as missing rates). */
    record ReportResult(List<Map<String, Object>> rows, String currency, List<String> missingRates) {
        public static ReportResult of(List<Map<String, Object>> rows) {
            return new ReportResult(rows, null, null);
        }
    }
}
