package dev.clv.ingestion.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.clv.contracts.Headers;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.idempotency.IdempotencyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Every write route's answer: the request run under its Idempotency-Key, its rows ingested, and with
 * {@code wait=true} the answer held until they are queryable. 202, or 200 once queryable; the
 * {@code Rows-Received} header counts every row for the gateway's quota (suppressed ones too: they were sent).
 */
@ApplicationScoped
public class Writes {
    private final IngestService ingest;
    private final IdempotencyGuard idempotency;

    public Writes(IngestService ingest, IdempotencyGuard idempotency) {
        this.ingest = ingest;
        this.idempotency = idempotency;
    }

    /** {@code request} names the call for the Idempotency-Key: the same key may not serve another. */
    public Uni<Response> take(String tenant, String key, String request, byte[] body, DataSource source,
            IngestOptions options, boolean wait) {
        return idempotency.run(tenant, key, request, body, () -> {
            IngestService.Accepted accepted = ingest.ingest(tenant, source, body, options);
            return wait
                    ? ingest.awaitQueryable(tenant, accepted).map(Writes::answer)
                    : Uni.createFrom().item(answer(accepted.result()));
        });
    }

    private static Response answer(IngestResult result) {
        int rows = result.successfulRows() + result.quarantinedRows() + result.duplicateRows()
                + result.suppressedRows();
        return Response.status(Boolean.TRUE.equals(result.queryable()) ? 200 : 202).entity(result)
                .header(Headers.ROWS_RECEIVED, rows).build();
    }
}
