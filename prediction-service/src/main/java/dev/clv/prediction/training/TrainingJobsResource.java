package dev.clv.prediction.training;

import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** A training job's progress, and its cancellation. */
@Path("/v1/models/jobs/{id}")
public class TrainingJobsResource {
    private final TrainingJobRepository jobs;
    private final CallerContext callers;

    public TrainingJobsResource(TrainingJobRepository jobs, CallerContext callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.PREDICTIONS_READ)
    @Operation(summary = "A training job: status (queued, running, succeeded, failed, cancelled), progress, stage, "
            + "model_id once trained, error once failed")
    public Uni<TrainingJob> job(@PathParam("id") String id) {
        return jobs.find(callers.tenant(), uuid(id)).map(job -> found(job, id));
    }

    @DELETE
    @RequiresScope(Scopes.MODELS_WRITE)
    @Operation(summary = "Cancel a training job: a queued job stops at once, a running one at its next check")
    public Uni<TrainingJob> cancel(@PathParam("id") String id) {
        return jobs.cancel(callers.tenant(), uuid(id)).map(job -> found(job, id));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no training job '" + id + "'.");
        }
    }

    private static TrainingJob found(TrainingJob job, String id) {
        if (job == null) {
            throw ProblemException.notFound("There is no training job '" + id + "'.");
        }
        return job;
    }
}
