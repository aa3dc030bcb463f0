package dev.clv.console.quality;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.report.Table;
import dev.clv.console.view.ViewParams;

/** Quarantined rows of the API as a table whose rows lead to their page (to correct and replay, or discard). */
final class QuarantineRows {
    /** The most characters of a raw row shown in a list; its page shows it whole. */
    static final int SHOWN = 120;

    private QuarantineRows() {
    }

    static Table newest(JsonNode answer, ViewParams view) {
        List<List<Object>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (JsonNode r : answer.path("data")) {
            String raw = r.path("raw").asText();
            rows.add(List.of(r.path("id").asText(), r.path("data_source").asText(), r.path("field").asText(""), r
                    .path("reason").asText(), OffsetDateTime.parse(r.path("received_at").asText()).toInstant(),
                    raw.length() > SHOWN ? raw.substring(0, SHOWN) + "…" : raw));
            links.add("/app/data-quality/rows/" + ViewParams.encode(r.path("id").asText()) + "?" + view
                    .zoneQuery());
        }
        return new Table("rows", "Newest quarantined rows", List.of(Table.Column.text("Row"), Table.Column.text(
                "Source"), Table.Column.text("Field"), Table.Column.text("Reason"), Table.Column.text("Received"),
                Table.Column.text("Raw")), rows, links);
    }
}
