package dev.clv.analytics.query.quality;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.HeavyAnswers;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import io.smallrye.mutiny.Uni;

/** Consistency of a tenant's data: transactions of unknown customers and products, refunds beyond purchases. */
@Path("/v1/data-quality/consistency")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ConsistencyResource {
    private final ConsistencyRepository consistency;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final HeavyAnswers heavy;

    public ConsistencyResource(ConsistencyRepository consistency, CallerContext callers, ProjectionStatus status,
            HeavyAnswers heavy) {
        this.consistency = consistency;
        this.callers = callers;
        this.status = status;
        this.heavy = heavy;
    }

    @GET
    @Operation(summary = "Consistency checks", description = "Always three checks, in this order: "
            + "transactions_of_unknown_customers (customers with transactions but no profile: customers, "
            + "transactions), transactions_of_unknown_products (product ids of transactions missing from the "
            + "catalogue: products, transactions) and refunds_exceed_purchases (customers whose refunds exceed "
            + "their purchases: customers, amount = the sum of refunds minus purchases); each with at most 20 "
            + "example ids, the largest first.")
    public Uni<ApiAnswer<List<ConsistencyCheck>>> checks() {
        String tenant = callers.tenant();
        // customers without a profile are read, all of a tenant that sends none: rationed as whole-tenant answers
        return Uni.combine().all().unis(heavy.run(tenant, () -> consistency.checks(tenant)), status.of(tenant))
                .with((checks, asOf) -> ApiAnswer.of("Consistency checks", checks, checks.size(), null, asOf));
    }
}
