package dev.clv.prediction.registry;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.prediction.ModelType;
import io.smallrye.common.annotation.Blocking;

/**
 * The seed's {@code /model/info} and {@code /model/performance}: the tenant's active model of each type, keyed by
 * type, null where there is none. Literal paths, so they win over {@code /v1/models/{id}}.
 */
@Path("/v1/models")
@RequiresScope(Scopes.PREDICTIONS_READ)
@Blocking
public class ActiveModelsResource {
    private final ModelRepository models;
    private final CallerContext callers;

    public ActiveModelsResource(ModelRepository models, CallerContext callers) {
        this.models = models;
        this.callers = callers;
    }

    @GET
    @Path("/info")
    @Operation(summary = "The active model of each type: id, version, trained_at, parameters, hyperparameters, "
            + "features, training window, diagnostics")
    public ByType info() {
        return eachActive(ActiveModelsResource::info);
    }

    @GET
    @Path("/performance")
    @Operation(summary = "The active model of each type on its holdout: RMSE, MAE, R², MAPE, samples (training "
            + "and holdout customers); bg_nbd adds the calibration table, xgboost the interval coverage")
    public ByType performance() {
        return eachActive(ModelsResource::performance);
    }

    /** One answer per type; a type without an active model is an explicit null, so seed clients find the key. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ByType(Map<String, Object> bgNbd, Map<String, Object> xgboost) {
    }

    private ByType eachActive(Function<StoredModel, Map<String, Object>> describe) {
        String tenant = callers.tenant();
        Map<ModelType, Map<String, Object>> answer = new EnumMap<>(ModelType.class);
        for (ModelType type : ModelType.values()) {
            UUID id = models.activeId(tenant, type).await().indefinitely();
            StoredModel model = id == null ? null : models.find(tenant, id).await().indefinitely();
            answer.put(type, model == null ? null : describe.apply(model));
        }
        return new ByType(answer.get(ModelType.BG_NBD), answer.get(ModelType.XGBOOST));
    }

    static Map<String, Object> info(StoredModel m) {
        Map<String, Object> d = ModelsResource.detail(m);
        d.put("trained_at", m.createdAt());
        Object hyper = m.type() == ModelType.XGBOOST
                ? withoutObjectives(m.parameters())
                : m.diagnostics() == null ? null : m.diagnostics().get("hyperparameters");
        d.put("hyperparameters", hyper);
        return d;
    }

    private static Map<String, Object> withoutObjectives(Map<String, Object> parameters) {
        if (parameters == null) {
            return null;
        }
        Map<String, Object> hyper = new LinkedHashMap<>(parameters);
        hyper.remove("objectives");
        return hyper;
    }
}
