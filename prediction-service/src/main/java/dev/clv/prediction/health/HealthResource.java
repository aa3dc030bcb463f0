package dev.clv.prediction.health;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.registry.ModelRepository;
import io.smallrye.mutiny.Uni;

/**
 * The seed's model status for the caller's tenant: healthy, and its active model of each type. Internal (the
 * gateway answers the platform's {@code /health}); it asks for predictions:read like reading models, since every
 * route declares a scope. Probes use {@code /q/health}, which needs no token.
 */
@Path("/health")
@RequiresScope(Scopes.PREDICTIONS_READ)
public class HealthResource {
    private final ModelRepository models;
    private final CallerContext callers;

    public HealthResource(ModelRepository models, CallerContext callers) {
        this.models = models;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Service and model status of the caller's tenant (internal)")
    public Uni<Map<String, Object>> health() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "healthy");
        String name = callers.tenant();
        return Uni.combine().all().unis(models.activeId(name, ModelType.BG_NBD), models.activeId(name,
                ModelType.XGBOOST)).with((bg, xgb) -> {
                    Map<String, Object> active = new LinkedHashMap<>();
                    active.put("bg_nbd", bg == null ? null : bg.toString());
                    active.put("xgboost", xgb == null ? null : xgb.toString());
                    answer.put("active_models", active);
                    answer.put("models_loaded", Map.of("bg_nbd", bg != null, "xgboost", xgb != null));
                    return answer;
                });
    }
}
