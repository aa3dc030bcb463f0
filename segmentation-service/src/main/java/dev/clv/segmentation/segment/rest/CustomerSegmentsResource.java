package dev.clv.segmentation.segment.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.segmentation.segment.evaluation.MembershipRepository;
import dev.clv.segmentation.segment.evaluation.MembershipRepository.Stay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** One customer's segments: current ones, and the history of entries and exits. */
@Path("/v1/customers/{id}/segments")
public class CustomerSegmentsResource {
    private final MembershipRepository memberships;
    private final Pool pool;
    private final CallerContext callers;

    public CustomerSegmentsResource(MembershipRepository memberships, Pool pool, CallerContext callers) {
        this.memberships = memberships;
        this.pool = pool;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.SEGMENTS_READ)
    @Operation(summary = "The segments the customer is in now, and every stay (entered_at, exited_at), newest first")
    public Uni<Map<String, List<Stay>>> segments(@PathParam("id") String customer) {
        return pool.withConnection(db -> memberships.stays(db, callers.tenant(), customer)).map(stays -> Map.of(
                "current", stays.stream().filter(s -> s.exitedAt() == null).toList(), "history", stays));
    }
}
