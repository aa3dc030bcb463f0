package dev.clv.prediction.rest;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelSummary;
import dev.clv.prediction.repository.ModelRepository;
import io.smallrye.mutiny.Uni;

/** The model registry, as the caller's tenant sees it. */
@Path("/v1/models")
public class ModelsResource {
    private static final Set<String> TYPES = Set.of("bg_nbd", "xgboost");
    private final ModelRepository models;
    private final CallerContext callers;

    public ModelsResource(ModelRepository models, CallerContext callers) {
        this.models = models;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.PREDICTIONS_READ)
    public Uni<List<ModelSummary>> list(@QueryParam("type") String type) {
        if (type != null && !TYPES.contains(type)) {
            throw ProblemException.badRequest("type", "must be one of " + TYPES);
        }
        return models.list(callers.tenant(), type);
    }
}
