package dev.clv.prediction.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelSummary;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.StoredModel;
import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.TrainRequest;
import dev.clv.prediction.TrainingJob;
import dev.clv.prediction.repository.ModelRepository;
import dev.clv.prediction.service.BatchScoring;
import dev.clv.prediction.service.HyperParameters;
import dev.clv.prediction.service.ModelRegistry;
import dev.clv.prediction.service.TrainingJobs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** The model registry as the caller's tenant sees it: list, details, performance, activation, training. */
@Path("/v1/models")
public class ModelsResource {
    private final ModelRepository models;
    private final ModelRegistry registry;
    private final TrainingJobs jobs;
    private final CallerContext callers;
    private final BatchScoring scoring;

    public ModelsResource(ModelRepository models, ModelRegistry registry, TrainingJobs jobs, CallerContext callers,
            BatchScoring scoring) {
        this.scoring = scoring;
        this.models = models;
        this.registry = registry;
        this.jobs = jobs;
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
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("model_id", m.id());
            answer.put("model_type", m.type().apiName());
            answer.put("version", m.version());
            answer.put("holdout", Map.of("from", m.calibrationEnd().plusDays(1).toString(), "to",
                    m.holdoutEnd().toString()));
            answer.putAll(m.performance());
            return answer;
        });
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

    @POST
    @Path("/{type}/train")
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Train a model asynchronously: 202 with the job's URL", description = "Body: "
            + "calibration_end (required), holdout_end (required for xgboost), time_unit (bg_nbd: days or weeks, "
            + "default weeks), hyperparameters (bg_nbd: bootstrap_samples, seed; xgboost: rounds, max_depth, "
            + "learning_rate, subsample, min_child_weight, seed).")
    public Response train(@PathParam("type") String typeName, TrainRequest request) {
        ModelType type = ModelType.parse(typeName, "type");
        if (request == null || request.calibrationEnd() == null) {
            throw ProblemException.badRequest("calibration_end", "is required (YYYY-MM-DD)");
        }
        if (request.calibrationEnd().isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw ProblemException.badRequest("calibration_end", "must not be in the future");
        }
        if (request.holdoutEnd() != null && !request.holdoutEnd().isAfter(request.calibrationEnd())) {
            throw ProblemException.badRequest("holdout_end", "must be after calibration_end");
        }
        if (type == ModelType.XGBOOST && request.holdoutEnd() == null) {
            throw ProblemException.badRequest("holdout_end", "is required for xgboost: the value after "
                    + "calibration_end up to it is what the model learns to predict");
        }
        if (request.timeUnit() != null) {
            TimeUnit.parse(request.timeUnit(), "time_unit", false);
        }
        HyperParameters.validate(type, request.hyperparameters());
        TrainingJob job = jobs.submit(callers.tenant(), callers.bearerToken(), type, request);
        // relative on purpose: behind the gateway, this service's own host is not the client's
        return Response.accepted(job).header("Location", "/v1/models/jobs/" + job.id()).build();
    }

    @POST
    @Path("/bg_nbd/score")
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Score every customer with the active bg_nbd model and publish customer-scores.v1", description = "CLV over 12 months at 1% a month, P(alive), expected purchases; analytics and segments "
            + "read them from the topic. Training a bg_nbd model that becomes active does this too.")
    public BatchScoring.Result score() {
        return scoring.scoreAll(callers.tenant(), callers.bearerToken());
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
