package dev.clv.analytics.query.c360;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.snapshot.AnswerSnapshots;
import dev.clv.analytics.query.answer.HeavyAnswers;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The Customer 360 answers: marketing, product, finance, customer success and profile views over the aggregates. */
@Path("/v1")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class Customer360Resource {
    private final Map<String, Insight> insights;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final AnswerSnapshots snapshots;
    private final HeavyAnswers heavy;

    public Customer360Resource(Instance<Insight> insights, CallerContext callers, ProjectionStatus status,
            AnswerSnapshots snapshots, HeavyAnswers heavy) {
        this.snapshots = snapshots;
        this.heavy = heavy;
        this.insights = insights.stream().collect(Collectors.toMap(Insight::path, Function.identity(), (a, b) -> a,
                TreeMap::new));
        this.callers = callers;
        this.status = status;
    }

    @GET
    @Path("/{area: marketing|product|finance|customer-success|analytics}/{name}")
    @Operation(summary = "A Customer 360 answer", description = "See docs/analytics.md (Customer 360) in the repository for each "
            + "answer's parameters and definitions; reference_date (YYYY-MM-DD, default today) is 'now' for status "
            + "and health. Rows also carry the Customer 360 API's member names (customer_name, customer_segment, "
            + "loyalty_tier, total_spent, risk_status, customer_health_score, customer_count, avg_lifetime_value, "
            + "total_revenue).")
    public Uni<ApiAnswer<Object>> insight(@PathParam("area") String area, @PathParam("name") String name,
            @Context UriInfo uri) {
        Insight insight = insights.get(area + "/" + name);
        if (insight == null) {
            throw ProblemException.notFound("There is no /v1/" + area + "/" + name + "; there are "
                    + insights.keySet() + ".");
        }
        String tenant = callers.tenant();
        AnswerParams params = new AnswerParams(uri.getQueryParameters());
        Supplier<Uni<Served>> live = () -> (insight.heavy()
                ? heavy.run(tenant, () -> insight.run(tenant, params))
                : insight.run(tenant, params)).map(r -> new Served(r, null));
        String snapshot = uri.getQueryParameters().isEmpty() ? Customer360Snapshots.snapshotName(insight.path()) : null;
        Uni<Served> served = snapshot == null ? live.get() : snapshots.servedOr(tenant, snapshot, s -> {
            Map<?, ?> stored = (Map<?, ?>) s.data();
            return new Served(new Insight.Result(stored.get("data"), ((Number) stored.get("count")).intValue(), null),
                    s.watermark());
        }, live);
        return Uni.combine().all().unis(served, status.of(tenant)).with((answer, asOf) -> ApiAnswer.of(
                name.replace('-', ' ') + " retrieved", answer.result.data(), answer.result.count(),
                answer.result.nextCursor(), asOf.ofSnapshot(answer.snapshotWatermark)));
    }

    /** An answer, and the watermark of the snapshot it was read from (null: computed live). */
    private record Served(Insight.Result result, Instant snapshotWatermark) {
    }
}
