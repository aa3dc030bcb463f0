package dev.clv.ingestion.retention;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.privacy.RetentionPolicy;

/** The tenant's retention policy (docs/privacy.md#retention): how long each kind of data is kept. */
@Path("/v1/admin/retention")
@RequiresScope(Scopes.ADMIN)
public class RetentionResource {
    private final RetentionStore store;
    private final PolicyPublisher publisher;
    private final IngestionRetention retention;
    private final CallerContext callers;
    private final ObjectMapper json;

    public RetentionResource(RetentionStore store, PolicyPublisher publisher, IngestionRetention retention,
            CallerContext callers, ObjectMapper json) {
        this.store = store;
        this.publisher = publisher;
        this.retention = retention;
        this.callers = callers;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read the retention policy", description = "days: what applies now per kind (null: kept "
            + "for ever); policy: what the tenant set; defaults: the platform's.")
    public ObjectNode get() {
        return view(store.find(callers.tenant()));
    }

    @PUT
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the retention policy", description = "{\"days\": {kind: days from 1 to 36500, or null "
            + "to keep it for ever}}; replaces the whole policy (a kind left out takes the default). Every service "
            + "applies it at its next purge.")
    public ObjectNode put(byte[] body) {
        Map<String, Integer> days = PolicyBody.read(json, body);
        RetentionPolicy policy = new RetentionPolicy(callers.tenant(), days, Instant.now().truncatedTo(
                ChronoUnit.MICROS));
        store.put(policy); // durable from here: if Kafka is away, the republish sweep carries it
        retention.policies().accept(policy);
        publisher.publish(policy);
        return view(Optional.of(policy));
    }

    private ObjectNode view(Optional<RetentionPolicy> policy) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode days = answer.putObject("days");
        ObjectNode own = answer.putObject("policy");
        ObjectNode defaults = answer.putObject("defaults");
        for (String kind : RetentionPolicy.kinds()) {
            put(days, kind, policy.map(p -> p.daysOf(kind)).orElse(RetentionPolicy.defaultDays(kind)).orElse(null));
            put(defaults, kind, RetentionPolicy.DEFAULT_DAYS.get(kind));
            policy.filter(p -> p.days().containsKey(kind)).ifPresent(p -> put(own, kind, p.days().get(kind)));
        }
        policy.ifPresentOrElse(p -> answer.put("updated_at", p.updatedAt().toString()),
                () -> answer.putNull("updated_at"));
        return answer;
    }

    private static void put(ObjectNode node, String kind, Integer value) {
        if (value == null) {
            node.putNull(kind);
        } else {
            node.put(kind, value);
        }
    }
}
