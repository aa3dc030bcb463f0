package dev.clv.prediction.training;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import io.smallrye.common.annotation.Blocking;

/** Starts a training job; the job is then followed and cancelled at {@code /v1/models/jobs/{id}}. */
@Path("/v1/models/{type}/train")
public class TrainingResource {
    private final TrainingJobs jobs;
    private final CallerContext callers;

    public TrainingResource(TrainingJobs jobs, CallerContext callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    @POST
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
}
