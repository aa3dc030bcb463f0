package dev.clv.prediction.scoring;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import io.smallrye.common.annotation.Blocking;

/** Scores every customer of the caller's tenant on demand and publishes the scores. */
@Path("/v1/models/bg_nbd/score")
public class BatchScoringResource {
    private final BatchScoring scoring;
    private final CallerContext callers;

    public BatchScoringResource(BatchScoring scoring, CallerContext callers) {
        this.scoring = scoring;
        this.callers = callers;
    }

    @POST
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Score every customer with the active bg_nbd model and publish customer-scores.v1", description = "CLV over 12 months at 1% a month, P(alive), expected purchases; analytics and segments "
            + "read them from the topic. Training a bg_nbd model that becomes active does this too.")
    public BatchScoring.Result score() {
        return scoring.scoreAll(callers.tenant(), callers.bearerToken());
    }
}
