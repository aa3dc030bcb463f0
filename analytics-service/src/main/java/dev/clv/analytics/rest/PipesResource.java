package dev.clv.analytics.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.PipeResponse;
import dev.clv.analytics.PipeResponse.Column;
import dev.clv.analytics.repository.CustomerLtvRepository;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import io.smallrye.mutiny.Uni;

/** Tinybird-compatible pipe endpoints over the maintained aggregates. */
@Path("/v0/pipes")
@RequiresScope(Scopes.ANALYTICS_READ)
public class PipesResource {
    static final int MAX_LIMIT = 10_000;
    private static final List<Column> CUSTOMER_LTV = List.of(new Column("customer_id", "String"),
            new Column("ltv", "Decimal"), new Column("transaction_count", "UInt64"));

    private final CustomerLtvRepository ltv;
    private final CallerContext callers;

    public PipesResource(CustomerLtvRepository ltv, CallerContext callers) {
        this.ltv = ltv;
        this.callers = callers;
    }

    @GET
    @Path("/{pipe}.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Query a pipe", description = "customer_ltv: per customer, the exact sum of purchase "
            + "amounts (refunds excluded) and the number of purchases, highest value first.")
    public Uni<PipeResponse> query(@PathParam("pipe") String pipe, @QueryParam("limit") String limitParam) {
        int limit = QueryParams.intIn("limit", limitParam, 100, 1, MAX_LIMIT);
        String tenant = callers.tenant();
        long started = System.nanoTime();
        if (!"customer_ltv".equals(pipe)) {
            throw ProblemException.notFound("There is no pipe named '" + pipe + "'.");
        }
        return ltv.topByLtv(tenant, limit).map(data -> {
            long bytes = data.stream().mapToLong(r -> ((String) r.get("customer_id")).length() + 24L).sum();
            double elapsed = (System.nanoTime() - started) / 1e9;
            return new PipeResponse(CUSTOMER_LTV, data, data.size(),
                    new PipeResponse.Statistics(elapsed, data.size(), bytes));
        });
    }
}
