package dev.clv.prediction.registry;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtException;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.config.PredictionConfig;

/**
 * The models this replica scores with. A model never changes once stored, so a loaded one is kept by id; which
 * model is a tenant's active one is re-read after a short TTL, so an activation elsewhere reaches every replica
 * within it (and at once on the replica that made it). Blocking: call from worker threads.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final int MAX_LOADED = 64;
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final Executor CLOSE_LATER = CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS);

    /** Whose active model an entry names: a tenant's model of one type. */
    private record TenantType(String tenant, ModelType type) {
    }

    /** The active model's id (null: none yet), trusted until {@code until} on the {@link System#nanoTime} clock. */
    private record Active(UUID id, long until) {
    }

    private final ModelRepository models;
    private final PredictionConfig config;
    private final Map<TenantType, Active> active = new ConcurrentHashMap<>();
    private final Map<UUID, LoadedModel> loaded = new ConcurrentHashMap<>();

    public ModelRegistry(ModelRepository models, PredictionConfig config) {
        this.models = models;
        this.config = config;
    }

    /** The tenant's active model of a type; a 409 problem when there is none yet. */
    public LoadedModel active(String tenant, ModelType type) {
        TenantType key = new TenantType(tenant, type);
        long now = System.nanoTime();
        Active current = active.get(key);
        if (current == null || current.until() - now < 0) {
            UUID id = models.activeId(tenant, type).await().indefinitely();
            current = new Active(id, now + config.activeModelTtl().toNanos());
            active.put(key, current);
        }
        if (current.id() == null) {
            throw ProblemException.conflict("There is no active " + type.apiName() + " model yet: train one with "
                    + "POST /v1/models/" + type.apiName() + "/train.");
        }
        return byId(tenant, current.id());
    }

    /**
     * The type a call without {@code model_type} means: bg_nbd when the tenant has an active one, else xgboost when
     * it has that (a tenant that trained only xgboost, as the old predictor's example does, is served by it), else
     * bg_nbd, whose absence the call then reports.
     */
    public ModelType defaultType(String tenant) {
        for (ModelType type : List.of(ModelType.BG_NBD, ModelType.XGBOOST)) {
            try {
                active(tenant, type);
                return type;
            } catch (ProblemException e) {
                // none of this type: try the next
            }
        }
        return ModelType.BG_NBD;
    }

    /** One of the tenant's models, loaded; a 404 problem when the tenant has no such model. */
    public LoadedModel byId(String tenant, UUID id) {
        LoadedModel model = loaded.get(id);
        if (model != null && model.meta().tenantId().equals(tenant)) {
            return model;
        }
        StoredModel stored = models.find(tenant, id).await().indefinitely();
        if (stored == null) {
            throw ProblemException.notFound("There is no model '" + id + "'.");
        }
        if (loaded.size() >= MAX_LOADED) {
            evictAll();
        }
        model = ModelCodec.load(stored);
        loaded.put(id, model);
        return model;
    }

    /**
     * Drops every loaded model. An ONNX session holds native memory, so it is closed, but only after a grace
     * period: a request that took the model just before may still be scoring with it (a call resolves the model
     * per block of rows, so no use lasts that long).
     */
    private void evictAll() {
        for (UUID id : List.copyOf(loaded.keySet())) {
            if (loaded.remove(id) instanceof LoadedModel.Trees trees) {
                CLOSE_LATER.execute(() -> {
                    try {
                        trees.scorer().close();
                    } catch (OrtException e) {
                        LOG.warnf("closing the ONNX session of model %s failed: %s", id, e.getMessage());
                    }
                });
            }
        }
    }

    /** Forgets the tenant's active model of a type, after this replica changed it. */
    public void forgetActive(String tenant, ModelType type) {
        active.remove(new TenantType(tenant, type));
    }
}
