package dev.clv.gateway.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.gateway.client.Client;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

/** The tenant's audit log, for its admins (bearer token only, as every route the gateway serves itself). */
@Path("/v1/audit")
@RequiresScope(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit log")
@Blocking
public class AuditResource {
    private final AuditQueries queries;
    private final AuditVerifier verifier;
    private final RoutingContext rc;

    public AuditResource(AuditQueries queries, AuditVerifier verifier, RoutingContext rc) {
        this.queries = queries;
        this.verifier = verifier;
        this.rc = rc;
    }

    @GET
    @Operation(summary = "The tenant's audit entries, newest first", description = "Writes, admin-scope calls and "
            + "privacy calls through the gateway. Filters, all combinable: actor (a token's subject or display "
            + "name, or api-key:<id>), action (e.g. 'POST /v1/segments'), from (inclusive) and to (exclusive) as "
            + "ISO-8601 times with an offset. limit 1..1000 (100); cursor: the next_cursor of the previous page.")
    public AuditPage list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        AuditQueries.Filter filter = new AuditQueries.Filter(blankToNull(actor), blankToNull(action),
                time("from", from), time("to", to),
                cursor == null ? null : QueryParams.longIn("cursor", cursor, 0, 1, Long.MAX_VALUE),
                QueryParams.intIn("limit", limit, 100, 1, 1000));
        try {
            return queries.page(Client.of(rc).tenant(), filter);
        } catch (SQLException e) {
            throw ProblemException.unavailable("The audit log cannot be read right now.", 5);
        }
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the tenant's hash chain", description = "{\"valid\": true, \"entries\": n} when "
            + "every kept entry is as written, else {\"valid\": false, \"first_broken_seq\": k}: the first entry "
            + "changed, missing, added or out of place since it was written.")
    public Verification verify() {
        try {
            return verifier.verify(Client.of(rc).tenant());
        } catch (SQLException e) {
            throw ProblemException.unavailable("The audit log cannot be verified right now.", 5);
        }
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "an ISO-8601 time with an offset, e.g. 2025-01-31T00:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
