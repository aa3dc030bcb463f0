package dev.clv.prediction.health;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.Caller;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.registry.ModelRepository;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The seed's model status. Open to anyone, so without a token it only says the service is up; with one it also
 * names the caller's tenant's active model of each type.
 */
@Path("/health")
public class HealthResource {
    private final ModelRepository models;
    private final SecurityIdentity identity;

    public HealthResource(ModelRepository models, SecurityIdentity identity) {
        this.models = models;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Service and model status")
    public Uni<Map<String, Object>> health() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "healthy");
        String name = identity.getPrincipal() instanceof JsonWebToken token ? Caller.of(token).tenant() : null;
        if (name == null) {
            return Uni.createFrom().item(answer);
        }
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
