package dev.clv.ingestion.customer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.idempotency.IdempotencyGuard;
import dev.clv.ingestion.ingest.IngestOptions;
import dev.clv.ingestion.ingest.Writes;
import dev.clv.ingestion.ingest.row.RowRules;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Customers written one at a time (seed 003's {@code /v1}, the Flask platform's {@code /client/update}): the
 * {@code customers} data source's rows, validated, quarantined and sent to Kafka exactly as {@code /v0/events}
 * does, with the same answer. A PATCH changes only the fields it holds, without reading the stored profile: the
 * event names them ({@code patched_fields}) and the projection merges it.
 */
@Path("/v1/customers")
@RequiresScope(Scopes.EVENTS_WRITE)
public class CustomersResource {
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private final Writes writes;
    private final CallerContext callers;
    private final ObjectMapper json;

    public CustomersResource(Writes writes, CallerContext callers, ObjectMapper json) {
        this.writes = writes;
        this.callers = callers;
        this.json = json;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace one customer", description = "The fields of the customers data "
            + "source (customer_id required); unknown fields are kept as attributes. 202 once Kafka has it; with "
            + "wait=true, 200 once it is queryable.")
    @Blocking
    public Uni<Response> upsert(@HeaderParam(IdempotencyGuard.HEADER) String key, @QueryParam("wait") boolean wait,
            byte[] body) {
        object(body);
        return writes.take(callers.tenant(), key, "POST /v1/customers?" + wait, body, DataSource.CUSTOMERS,
                new IngestOptions(1, true, RowRules.STRICT), wait);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change some of one customer's fields", description = "A JSON merge patch (RFC 7396): "
            + "only the fields present change, null clears one, unknown fields are merged into the attributes. A "
            + "customer not known yet is created with those fields. 202 once Kafka has it; with wait=true, 200 "
            + "once it is queryable.")
    @Blocking
    public Uni<Response> patch(@PathParam("id") String id, @HeaderParam(IdempotencyGuard.HEADER) String key,
            @QueryParam("wait") boolean wait, byte[] body) {
        ObjectNode fields = object(body);
        JsonNode named = fields.get("customer_id");
        if (named != null && !named.isNull() && !named.asText().strip().equals(id.strip())) {
            throw ProblemException.badRequest("customer_id", "differs from the customer id in the path");
        }
        // the row carries its id like any customers row, so that quarantine keeps it replayable on its own
        ObjectNode row = json.createObjectNode().put("customer_id", id);
        fields.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("customer_id")) {
                row.set(e.getKey(), e.getValue());
            }
        });
        return writes.take(callers.tenant(), key, "PATCH /v1/customers/" + id + "?" + wait, bytes(row),
                DataSource.CUSTOMERS, new IngestOptions(1, true, RowRules.PATCH), wait);
    }

    private ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        try {
            JsonNode node = json.readTree(new String(body, StandardCharsets.UTF_8));
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.badRequest("body", "one customer as a JSON object");
    }

    private byte[] bytes(JsonNode row) {
        try {
            return json.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
