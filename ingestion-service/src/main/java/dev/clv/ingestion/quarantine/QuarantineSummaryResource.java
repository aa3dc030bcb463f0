package dev.clv.ingestion.quarantine;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;

/** How many rows the caller's tenant had quarantined over a range of local days, by source, reason and day. */
@Path("/v1/quarantine/summary")
@RequiresScope(Scopes.EVENTS_WRITE)
public class QuarantineSummaryResource {
    private static final Duration DB = Duration.ofSeconds(10);
    private final SummaryRepository summaries;
    private final CallerContext callers;

    public QuarantineSummaryResource(SummaryRepository summaries, CallerContext callers) {
        this.summaries = summaries;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Summarise rejected rows over a range of days", description = "from and to (YYYY-MM-DD) "
            + "are inclusive local days of timezone (IANA, default UTC); by default the last 30 days ending today, "
            + "at most 366. Answers total_rows, by_source (most rows first), by_reason (per source, field and "
            + "reason, most rows first, at most 100 groups; more_reasons when there are more) and by_day (every "
            + "local day of the range, zeros included), counting rows by the time they were received.")
    public QuarantineSummary summary(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("timezone") String timezone) {
        SummaryRange range = SummaryRange.of(from, to, timezone);
        return summaries.summary(callers.tenant(), range).await().atMost(DB);
    }
}
