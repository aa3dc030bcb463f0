package dev.clv.prediction.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import io.smallrye.common.annotation.Blocking;

/** Starts a training job; the job is then followed and cancelled at {@code /v1/models/jobs/{id}}. */
@Path("/v1/models/{type}/train")
public class TrainingResource {
    static final int MAX_SAMPLES = 10_000_000;
    private final TrainingJobs jobs;
    private final DefaultWindow defaults;
    private final CallerContext callers;
    private final ObjectMapper json;

    public TrainingResource(TrainingJobs jobs, DefaultWindow defaults, CallerContext callers, ObjectMapper json) {
        this.jobs = jobs;
        this.defaults = defaults;
        this.callers = callers;
        this.json = json;
    }

    @POST
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Train a model asynchronously: 202 with the job's URL", description = "Body (optional): "
            + "calibration_end and holdout_end (required for xgboost once calibration_end is given; without "
            + "calibration_end both default from the tenant's data: the later half of its purchase history, at most "
            + "365 days, is the holdout), time_unit (bg_nbd: days or weeks, default weeks), hyperparameters (bg_nbd: "
            + "bootstrap_samples, seed; xgboost: rounds, max_depth, learning_rate, subsample, min_child_weight, "
            + "seed). n_samples: train on that many of the customers, drawn with hyperparameters.seed (42).")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainRequest.class)))
    public Response train(@PathParam("type") String typeName, @QueryParam("n_samples") String nSamples,
            byte[] body) throws IOException {
        ModelType type = ModelType.parse(typeName, "type");
        int sample = QueryParams.intIn("n_samples", nSamples, 0, 1, MAX_SAMPLES);
        // read by hand: the seed's curl sends no body and no Content-Type, which no JSON reader would take
        TrainRequest given = body == null || new String(body, StandardCharsets.UTF_8).isBlank() ? null : read(body);
        TrainRequest request = given == null ? new TrainRequest(null, null, null, null) : given;
        if (request.timeUnit() != null) {
            TimeUnit.parse(request.timeUnit(), "time_unit", false);
        }
        HyperParameters.validate(type, request.hyperparameters());
        boolean defaultWindow = request.calibrationEnd() == null;
        if (defaultWindow && request.holdoutEnd() != null) {
            throw ProblemException.badRequest("calibration_end", "is required when holdout_end is given (leave both "
                    + "out for the default window)");
        }
        if (defaultWindow) {
            request = defaults.apply(callers.bearerToken(), request);
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
        TrainingJob job = jobs.submit(callers.tenant(), callers.bearerToken(), type, request,
                new TrainingJobs.Options(sample, defaultWindow));
        // relative on purpose: behind the gateway, this service's own host is not the client's
        return Response.accepted(job).header("Location", "/v1/models/jobs/" + job.id()).build();
    }

    /** The body; a value of the wrong type is a problem naming its field (e.g. calibration_end), not a bare 400. */
    private TrainRequest read(byte[] body) throws IOException {
        try {
            return json.readValue(body, TrainRequest.class);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null
                    ? r.getFieldName()
                    : "["
                            + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw ProblemException.badRequest(field.isEmpty() ? "body" : field, "cannot be read: "
                    + e.getOriginalMessage());
        }
    }
}
