package dev.clv.ingestion.pseudonym;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;

/** The tenant's pseudonymisation (docs/privacy.md#pseudonymisation): which customer fields become keyed hashes. */
@Path("/v1/admin/pseudonymisation")
@RequiresScope(Scopes.ADMIN)
public class PseudonymisationResource {
    private final PseudonymStore store;
    private final TenantChoices choices;
    private final MasterKey key;
    private final CallerContext callers;
    private final ObjectMapper json;

    public PseudonymisationResource(PseudonymStore store, TenantChoices choices, MasterKey key,
            CallerContext callers, ObjectMapper json) {
        this.store = store;
        this.choices = choices;
        this.key = key;
        this.callers = callers;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read which customer fields are pseudonymised", description = "fields (empty: none), "
            + "updated_at (null: never set), key_configured (whether the service can make pseudonyms).")
    public PseudonymisationView get() {
        return view(store.find(callers.tenant()));
    }

    @PUT
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Choose the customer fields to pseudonymise", description = "{\"fields\": [email, name, "
            + "city, country, gender, acquisition_source, segment, loyalty_tier, or attributes.<key>]}; replaces "
            + "the choice (empty: none). Rows accepted from the answer on carry a keyed hash (ps1_…) instead of "
            + "those values; rows stored before stay as they were. 409 when the service has no key.")
    public PseudonymisationView put(byte[] body) {
        String tenant = callers.tenant();
        List<String> fields = FieldsBody.read(json, body);
        if (!fields.isEmpty() && !key.configured()) {
            throw new ProblemException(Problem.of(409, "Conflict", "Pseudonymisation is not available: the "
                    + "operator must configure its key on the ingestion service (PSEUDONYMISATION_KEY, base64 of at "
                    + "least 32 random bytes). Nothing was changed."));
        }
        PseudonymStore.Stored stored = store.put(tenant, fields);
        choices.changed(tenant, ChosenFields.of(stored.fields()));
        return view(Optional.of(stored));
    }

    private PseudonymisationView view(Optional<PseudonymStore.Stored> stored) {
        return new PseudonymisationView(stored.map(PseudonymStore.Stored::fields).orElse(List.of()),
                stored.map(PseudonymStore.Stored::updatedAt).orElse(null), key.configured());
    }
}
