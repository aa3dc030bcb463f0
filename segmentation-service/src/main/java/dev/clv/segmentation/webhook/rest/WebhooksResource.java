package dev.clv.segmentation.webhook.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.segmentation.api.Ids;
import dev.clv.segmentation.api.Limits;
import dev.clv.segmentation.webhook.Delivery;
import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.Webhook;
import dev.clv.segmentation.webhook.WebhookConfig;
import dev.clv.segmentation.webhook.WebhookRepository;
import dev.clv.segmentation.webhook.WebhookRequest;
import dev.clv.segmentation.webhook.dispatch.EndpointGuard;
import dev.clv.segmentation.webhook.dispatch.WebhookSigner;
import io.smallrye.mutiny.Uni;

/** The caller's tenant's webhook endpoints (Standard Webhooks 1.0) and their deliveries. */
@Path("/v1/webhooks")
@RequiresScope(Scopes.WEBHOOKS_WRITE)
public class WebhooksResource {
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final EndpointGuard guard;
    private final WebhookConfig config;
    private final CallerContext callers;

    public WebhooksResource(WebhookRepository webhooks, DeliveryRepository deliveries, EndpointGuard guard,
            WebhookConfig config, CallerContext callers) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.guard = guard;
        this.config = config;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Register an endpoint (20 per tenant by default); the answer holds its signing secret, shown this once")
    public Uni<Response> create(WebhookRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "must be a JSON object with url and events");
        }
        String refused = request.url() == null || request.url().length() > 2000
                ? "must be given, at most 2000 characters"
                : guard.refuseForm(request.url());
        if (refused != null) {
            throw ProblemException.badRequest("url", refused);
        }
        if (request.events() == null || request.events().isEmpty()) {
            throw ProblemException.badRequest("events", "must list at least one of " + Webhook.EVENT_TYPES);
        }
        for (int i = 0; i < request.events().size(); i++) {
            if (!Webhook.EVENT_TYPES.contains(request.events().get(i))) {
                throw ProblemException.badRequest("events[" + i + "]", "must be one of " + Webhook.EVENT_TYPES);
            }
        }
        if (request.description() != null && request.description().length() > 500) {
            throw ProblemException.badRequest("description", "must be at most 500 characters");
        }
        int max = config.endpointsPerTenant();
        return webhooks.insert(callers.tenant(), UUID.randomUUID(), request.url(), List.copyOf(new LinkedHashSet<>(
                request.events())), request.description(), WebhookSigner.newSecret(), max)
                .map(w -> {
                    if (w == null) {
                        throw Limits.reached("webhook endpoints", max, "delete one before registering another");
                    }
                    return Response.status(201).entity(w).header("Location", "/v1/webhooks/" + w.id()).build();
                });
    }

    @GET
    public Uni<List<Webhook>> list() {
        return webhooks.list(callers.tenant());
    }

    @GET
    @Path("/{id}")
    public Uni<Webhook> get(@PathParam("id") String id) {
        return webhooks.find(callers.tenant(), Ids.parse(id, "webhook")).map(w -> found(w, id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove an endpoint; its pending deliveries go with it")
    public Uni<Response> delete(@PathParam("id") String id) {
        return webhooks.delete(callers.tenant(), Ids.parse(id, "webhook"))
                .map(deleted -> found(deleted ? Response.noContent().build() : null, id));
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "A new secret, shown this once; the old one also signs (a second signature) for the overlap")
    public Uni<Webhook> rotate(@PathParam("id") String id, Map<String, Object> body) {
        Object asked = body == null ? null : body.get("overlap_seconds");
        long overlap = asked == null
                ? config.rotationOverlap().toSeconds()
                : QueryParams.longIn("overlap_seconds", String.valueOf(asked), 0, 0, 7 * 86_400);
        return webhooks.rotate(callers.tenant(), Ids.parse(id, "webhook"), WebhookSigner.newSecret(),
                OffsetDateTime.now(ZoneOffset.UTC).plus(Duration.ofSeconds(overlap))).map(w -> found(w, id));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Turn a disabled endpoint back on; deliveries held while it was off are sent")
    public Uni<Webhook> enable(@PathParam("id") String id) {
        return webhooks.enable(callers.tenant(), Ids.parse(id, "webhook")).map(w -> found(w, id));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The endpoint's newest deliveries: status, attempts with response codes and latency")
    public Uni<List<Delivery>> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("limit") String limit) {
        UUID uuid = Ids.parse(id, "webhook");
        if (status != null && !List.of("pending", "succeeded", "failed").contains(status)) {
            throw ProblemException.badRequest("status", "must be pending, succeeded or failed");
        }
        int size = QueryParams.intIn("limit", limit, 100, 1, 1000);
        String tenant = callers.tenant();
        return webhooks.find(tenant, uuid).map(w -> found(w, id))
                .chain(w -> deliveries.list(tenant, uuid, status, size));
    }

    @POST
    @Path("/{id}/deliveries/{delivery}/redeliver")
    @Operation(summary = "Send a delivery again, with the same webhook-id")
    public Uni<Response> redeliver(@PathParam("id") String id, @PathParam("delivery") String delivery) {
        return deliveries.redeliver(callers.tenant(), Ids.parse(id, "webhook"), delivery)
                .map(queued -> {
                    if (!queued) {
                        throw ProblemException.notFound("No delivery " + delivery + " of webhook " + id);
                    }
                    return Response.accepted(Map.of("id", delivery, "status", "pending")).build();
                });
    }

    private static <T> T found(T value, String id) {
        if (value == null) {
            throw ProblemException.notFound("No webhook " + id);
        }
        return value;
    }
}
