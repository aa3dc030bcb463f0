package dev.clv.ingestion.ingest;

import java.util.List;

import dev.clv.ingestion.ingest.row.ParsedRow;
import dev.clv.ingestion.ingest.row.RowRules;
import io.smallrye.mutiny.Uni;

/**
 * Where the ingest path keeps the rows it rejected. The quarantine feature implements it; declaring it here lets
 * ingest hand rows over without depending on quarantine, which itself replays rows through ingest.
 */
public interface RejectedRows {
    /**
     * Keeps {@code rejected} (rows of {@code dataSource}, by its API name) for the tenant, with the rules they were
     * read by, so that a replay reads them the same way.
     */
    Uni<Void> keep(String tenant, String dataSource, RowRules rules, List<ParsedRow> rejected);
}
