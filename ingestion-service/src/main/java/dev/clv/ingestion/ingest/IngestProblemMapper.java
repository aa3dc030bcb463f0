package dev.clv.ingestion.ingest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.clv.contracts.problem.Problem;

/** Answers a partly acknowledged write as a 503 problem that accounts for every row, with Retry-After. */
public class IngestProblemMapper {

    @ServerExceptionMapper
    public Response partialFailure(PartialFailureException e) {
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", 5).entity(e.failure()).build();
    }
}
