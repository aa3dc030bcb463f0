package dev.clv.prediction.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The model registry as the caller's tenant sees it: list, details, performance, activation. Training
 * ({@code /v1/models/{type}/train}) and scoring everyone ({@code /v1/models/bg_nbd/score}) live in their features.
 */
@Path("/v1/models")
public class ModelsResource {
    private final ModelRepository models;
    private final ModelRegistry registry;
    private final CallerContext callers;

    public ModelsResource(ModelRepository models, ModelRegistry registry, CallerContext callers) {
        this.models = models;
        this.registry = registry;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.PREDICTIONS_READ)
    @Operation(summary = "List models, newest first", description = "type: bg_nbd or xgboost")
    public Uni<List<ModelSummary>> list(@QueryParam("type") String type) {
        if (type != null) {
            ModelType.parse(type, "type");
        }
        return models.list(callers.tenant(), type);
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scopes.PREDICTIONS_READ)
    @Operation(summary = "One model: type, status, parameters, features, training window, fit diagnostics")
    public Uni<Map<String, Object>> detail(@PathParam("id") String id) {
        return find(id).map(ModelsResource::detail);
    }

    @GET
    @Path("/{id}/performance")
    @RequiresScope(Scopes.PREDICTIONS_READ)
    @Operation(summary = "Holdout performance: RMSE, MAE, R², MAPE; for bg_nbd also the calibration table")
    public Uni<Map<String, Object>> performance(@PathParam("id") String id) {
        return find(id).map(m -> {
            if (m.performance() == null) {
                throw ProblemException.notFound("Model " + id + " was trained without a holdout_end, so it has no "
                        + "holdout performance.");
            }
            return performance(m);
        });
    }

    /** A model's holdout metrics with its holdout period and sample sizes (metrics absent without a holdout). */
    static Map<String, Object> performance(StoredModel m) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model_id", m.id());
        answer.put("model_type", m.type().apiName());
        answer.put("version", m.version());
        String from = m.calibrationEnd().plusDays(1).toString();
        answer.put("holdout", m.holdoutEnd() == null ? null : Map.of("from", from, "to", m.holdoutEnd().toString()));
        Map<String, Object> d = m.diagnostics() == null ? Map.of() : m.diagnostics();
        Map<String, Object> samples = new LinkedHashMap<>();
        // bg_nbd measures its training customers over the holdout period; xgboost holds one customer in five out
        samples.put("training", d.getOrDefault("training_customers", d.get("customers")));
        samples.put("holdout", m.performance() == null ? null : m.performance().get("rows"));
        answer.put("samples", samples);
        if (m.performance() != null) {
            answer.putAll(m.performance());
        }
        return answer;
    }

    @POST
    @Path("/{id}/activate")
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Make a model the active one of its type (also how to roll back to an older version)")
    public Map<String, Object> activate(@PathParam("id") String id) {
        String tenant = callers.tenant();
        StoredModel model = find(id).await().indefinitely();
        models.activate(tenant, model.id()).await().indefinitely();
        registry.forgetActive(tenant, model.type());
        return detail(models.find(tenant, model.id()).await().indefinitely());
    }

    private Uni<StoredModel> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no model '" + id + "'.");
        }
        return models.find(callers.tenant(), uuid).map(m -> {
            if (m == null) {
                throw ProblemException.notFound("There is no model '" + id + "'.");
            }
            return m;
        });
    }

    static Map<String, Object> detail(StoredModel m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("type", m.type().apiName());
        d.put("version", m.version());
        d.put("status", m.status());
        d.put("parameters", m.parameters());
        d.put("features", m.features() == null ? null : m.features().get("inputs"));
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("calibration_end", m.calibrationEnd() == null ? null : m.calibrationEnd().toString());
        window.put("holdout_end", m.holdoutEnd() == null ? null : m.holdoutEnd().toString());
        window.put("time_unit", m.timeUnit().apiName());
        d.put("training_window", window);
        d.put("diagnostics", m.diagnostics());
        d.put("created_at", m.createdAt());
        d.put("activated_at", m.activatedAt());
        return d;
    }
}
