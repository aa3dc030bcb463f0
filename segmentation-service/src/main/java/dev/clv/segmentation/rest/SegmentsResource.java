package dev.clv.segmentation.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.segmentation.SegmentSummary;
import dev.clv.segmentation.repository.SegmentRepository;
import io.smallrye.mutiny.Uni;

/** The caller's tenant's segments. */
@Path("/v1/segments")
public class SegmentsResource {
    private final SegmentRepository segments;
    private final CallerContext callers;

    public SegmentsResource(SegmentRepository segments, CallerContext callers) {
        this.segments = segments;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.SEGMENTS_READ)
    public Uni<List<SegmentSummary>> list() {
        return segments.list(callers.tenant());
    }
}
