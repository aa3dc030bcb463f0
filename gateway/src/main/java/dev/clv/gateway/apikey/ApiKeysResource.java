package dev.clv.gateway.apikey;

import java.time.Instant;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.gateway.client.Client;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * API keys for server-to-server clients, managed by a tenant's admins with a bearer token (a key cannot make or
 * revoke keys, so a leaked key cannot entrench itself). The tenant is the caller's, whatever the request says.
 */
@Path("/v1/api-keys")
@RequiresScope(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class ApiKeysResource {

    /** What a new key may do: a name for people, and scopes no wider than its creator's. */
    public record NewApiKey(String name, List<String> scopes) {
    }

    /** The creation answer: the only time {@code key} is ever shown. */
    public record CreatedApiKey(UUID id, String key, String name, String keyPrefix, List<String> scopes,
            String tier, Instant createdAt) {
    }

    private final ApiKeyRepository repository;
    private final ApiKeyAuthenticator authenticator;
    private final GatewayTokens tokens;
    private final RoutingContext rc;

    public ApiKeysResource(ApiKeyRepository repository, ApiKeyAuthenticator authenticator, GatewayTokens tokens,
            RoutingContext rc) {
        this.repository = repository;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.rc = rc;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key", description = "The answer holds the key itself, shown this once; "
            + "send it as the X-API-Key header. Its scopes cannot exceed the creator's.")
    public Uni<Response> create(NewApiKey request) {
        Client client = Client.of(rc);
        List<String> scopes = validate(request, client);
        ApiKeyAuthenticator.Minted minted = ApiKeyAuthenticator.mint();
        ApiKey key = new ApiKey(UUID.randomUUID(), client.tenant(), request.name().strip(), minted.prefix(), scopes,
                client.tier(), client.id(), null, null, null);
        return repository.insert(key, minted.hash()).invoke(saved -> authenticator.created(minted.hash()))
                .map(saved -> Response.created(URI.create("/v1/api-keys/" + saved.id()))
                        .entity(new CreatedApiKey(saved.id(), minted.secret(), saved.name(), saved.keyPrefix(),
                                saved.scopes(), saved.tier(), saved.createdAt()))
                        .build());
    }

    @GET
    @Operation(summary = "The tenant's API keys, newest first, revoked ones included")
    public Uni<List<ApiKey>> list() {
        return repository.list(Client.of(rc).tenant());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One API key, with its last-used time")
    public Uni<ApiKey> get(@PathParam("id") String id) {
        return repository.find(Client.of(rc).tenant(), uuid(id)).map(found -> found.orElseThrow(() -> missing(id)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key", description = "Calls with it are refused at once on this gateway "
            + "replica and within gateway.api-keys.cache-for on the others.")
    public Uni<Response> revoke(@PathParam("id") String id) {
        UUID keyId = uuid(id);
        return repository.revoke(Client.of(rc).tenant(), keyId).map(found -> {
            found.orElseThrow(() -> missing(id));
            authenticator.forget(keyId);
            tokens.forget(keyId);
            return Response.noContent().build();
        });
    }

    private static List<String> validate(NewApiKey request, Client client) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with 'name' and 'scopes' is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            errors.add(new FieldError("name", "required, at most 100 characters", null));
        }
        if (request.scopes() == null || request.scopes().isEmpty()) {
            errors.add(new FieldError("scopes", "at least one scope is required; one of " + Scopes.ALL, null));
        } else {
            for (int i = 0; i < request.scopes().size(); i++) {
                String scope = request.scopes().get(i);
                if (!Scopes.ALL.contains(scope)) {
                    errors.add(new FieldError("scopes[" + i + "]", "unknown scope; one of " + Scopes.ALL, null));
                } else if (!client.caller().has(scope)) {
                    errors.add(new FieldError("scopes[" + i + "]", "wider than the creator's own scopes", null));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The API key request is invalid.", errors);
        }
        return List.copyOf(new LinkedHashSet<>(request.scopes()));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw missing(id);
        }
    }

    private static ProblemException missing(String id) {
        return ProblemException.notFound("There is no API key " + id + ".");
    }
}
