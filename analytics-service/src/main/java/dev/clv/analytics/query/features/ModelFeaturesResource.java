package dev.clv.analytics.query.features;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Model features for the prediction service: RFM, BG/NBD's (x, t_x, T), profile and interaction features as of a
 * calibration end, and the holdout outcome. Internal: the gateway does not route it.
 */
@Path("/v1/model-features")
@RequiresScope(Scopes.ANALYTICS_READ)
public class ModelFeaturesResource {
    private final ModelFeatureRepository features;
    private final CallerContext callers;

    public ModelFeaturesResource(ModelFeatureRepository features, CallerContext callers) {
        this.features = features;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Customer features as of a calibration end (internal, for the prediction service)")
    public Uni<List<CustomerFeatures>> features(FeatureQuery query) {
        if (query == null || query.calibrationEnd() == null) {
            throw ProblemException.badRequest("calibration_end", "is required (YYYY-MM-DD)");
        }
        if (query.holdoutEnd() != null && !query.holdoutEnd().isAfter(query.calibrationEnd())) {
            throw ProblemException.badRequest("holdout_end", "must be after calibration_end");
        }
        if (query.customerIds() != null && query.customerIds().size() > FeatureQuery.MAX_IDS) {
            throw ProblemException.badRequest("customer_ids", "at most " + FeatureQuery.MAX_IDS + " per call");
        }
        return features.features(callers.tenant(), query);
    }
}
