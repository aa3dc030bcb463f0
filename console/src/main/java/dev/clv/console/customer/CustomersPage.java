package dev.clv.console.customer;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.ApiException;
import dev.clv.console.api.PlatformApi;
import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/customers}: the tenant's customers by the API's filters, sorted and paged by its cursors, a look-up
 * by customer id; {@code /app/customers/{id}}: one customer's profile, metrics, segments and timeline.
 */
@Path("/customers")
public class CustomersPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance customers(Viewer viewer, ViewParams view, CustomerFilter filter,
                List<CustomerRows.Row> rows, String next, String search);

        static native TemplateInstance customer(Viewer viewer, ViewParams view, String id, String link, String name,
                List<CustomerRows.Field> summary, List<CustomerRows.Field> profile, List<CustomerRows.Field> metrics,
                List<String> segments, List<CustomerRows.Event> timeline, List<CustomerRows.Field> editable,
                boolean saved);
    }

    @Inject
    SignedIn signedIn;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@QueryParam("q") String q, @QueryParam("country") String country,
            @QueryParam("segment") String segment, @QueryParam("min_purchases") String minPurchases,
            @QueryParam("sort") String sort, @QueryParam("order") String order, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @QueryParam("cohort") String cohort) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        if (q != null && !q.isBlank()) {
            return search(viewer, view, q.strip());
        }
        CustomerFilter filter;
        try {
            filter = CustomerFilter.of(country, segment, minPurchases, sort, order, limit, cursor, cohort);
        } catch (ViewParams.BadView bad) {
            return Uni.createFrom().item(html(Problems.problem(viewer, view, "This list cannot be shown",
                    bad.getMessage() + ".")));
        }
        return signedIn.api().get("/v1/customers?" + filter.apiQuery())
                .map(answer -> html(Templates.customers(viewer, view, filter, CustomerRows.list(answer),
                        answer.hasNonNull("next_cursor") ? filter.nextPage(answer.path("next_cursor").asText()) : "",
                        null)))
                .onFailure(ApiException.class).recoverWithItem(e -> html(Problems.problem(viewer, view,
                        "The platform could not answer", e.getMessage())));
    }

    /** The API's best matches (an id, e-mails by prefix, names by word prefixes); the customer whose id it is, at once. */
    private Uni<Response> search(Viewer viewer, ViewParams view, String q) {
        return signedIn.api().get("/v1/customers?limit=" + SEARCH_LIMIT + "&q=" + ViewParams.encode(q)).map(answer -> {
            JsonNode first = answer.path("data").path(0);
            if (q.equals(first.path("id").asText(null))) {
                return Response.seeOther(URI.create("/customers/" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                        .replace("+", "%20"))).build();
            }
            return html(Templates.customers(viewer, view, CustomerFilter.of(null, null, null, null, null, null, null,
                    null), CustomerRows.list(answer), "", q));
        }).onFailure(ApiException.class).recoverWithItem(e -> html(Problems.problem(viewer, view,
                "This search cannot be made", e.getMessage())));
    }

    /** The most matches a search shows: the best first, so a longer list would not help. */
    static final int SEARCH_LIMIT = 50;

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> one(@PathParam("id") String id, @QueryParam("saved") String saved) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        String path = "/v1/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        // one call at a time: they are light, and the tenant's other users share its concurrency
        return signedIn.api().get(path)
                .flatMap(
                        customer -> signedIn.api().get(path + "/timeline?limit=20").flatMap(timeline -> signedIn.api()
                                .get(
                                        path + "/segments")
                                .onFailure(ApiException.class).recoverWithItem(e -> (JsonNode) null)
                                .map(segments -> html(page(viewer, view, id, customer.path("data"), timeline, segments,
                                        saved != null)))))
                .onFailure(ApiException.class).recoverWithItem(e -> html(Problems.problem(viewer, view,
                        ((ApiException) e).status() == 404 ? "No such customer" : "The platform could not answer",
                        e.getMessage())));
    }

    private static TemplateInstance page(Viewer viewer, ViewParams view, String id, JsonNode c, JsonNode timeline,
            JsonNode segments, boolean saved) {
        com.fasterxml.jackson.databind.node.ObjectNode summary = c.deepCopy();
        List.of("profile", "metrics", "prediction").forEach(summary::remove);
        List<CustomerRows.Field> editable = EDITABLE.stream().map(f -> new CustomerRows.Field(f, c.path("profile")
                .hasNonNull(f) ? c.path("profile").path(f).asText() : c.hasNonNull(f) ? c.path(f).asText() : ""))
                .toList();
        return Templates.customer(viewer, view, id, URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"),
                CustomerRows.text(c.path("name")), CustomerRows.fields(summary),
                CustomerRows.fields(c.path("profile")), CustomerRows.fields(c.path("metrics")),
                segments == null ? List.of() : CustomerRows.segments(segments), CustomerRows.timeline(timeline),
                editable, saved);
    }

    /** The profile fields an analyst or an administrator may edit here (seed 004's client update). */
    static final List<String> EDITABLE = List.of("name", "email", "country", "city", "segment", "loyalty_tier");

    /**
     * Saves an edited profile as a JSON merge patch through the API (as the user: their scope decides, their name
     * is audited); an emptied field is cleared. The form carries the CSRF token, which the filter checks first.
     */
    @POST
    @Path("/{id}/profile")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> save(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        if (!viewer.canEdit()) {
            return Problems.forbidden(viewer, view, "Analysts and administrators",
                    "Profiles are edited by analysts and administrators");
        }
        com.fasterxml.jackson.databind.node.ObjectNode patch = PlatformApi.JSON.createObjectNode();
        for (String field : EDITABLE) {
            String value = form.getFirst(field);
            if (value != null) {
                if (value.isBlank()) {
                    patch.putNull(field);
                } else {
                    patch.put(field, value.strip());
                }
            }
        }
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return signedIn.api().patch("/v1/customers/" + encoded, patch)
                .map(ok -> Response.seeOther(URI.create("/customers/" + encoded + "?saved=1")).build())
                .onFailure(ApiException.class).recoverWithItem(e -> Response.status(((ApiException) e).status() == 400
                        ? 400
                        : 502).type(MediaType.TEXT_HTML).entity(Problems.problem(viewer, view,
                                "The profile was not saved", e.getMessage()))
                        .build());
    }

    private static Response html(TemplateInstance page) {
        return Response.ok(page).type(MediaType.TEXT_HTML).build();
    }
}
