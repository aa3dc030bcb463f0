package dev.clv.console.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.ApiException;
import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/admin/audit} (administrators only): the tenant's audit log as the gateway keeps it, newest first, by
 * actor and action, paged by its cursor, with the chain's verification. Others get a 403 page.
 */
@Path("/admin/audit")
public class AuditPage {

    /** One entry as the page shows it. */
    public record Entry(String seq, String time, String actor, String action, String target, String result,
            String clientIp) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(Viewer viewer, ViewParams view, String actor, String action,
                List<Entry> entries, String next, String verification);
    }

    @Inject
    SignedIn signedIn;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> get(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("cursor") String cursor) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        if (!viewer.isAdmin()) {
            return Problems.forbidden(viewer, view, "Administrators", "The audit log is shown to administrators");
        }
        String filter = param("actor", actor) + param("action", action);
        return signedIn.api().get("/v1/audit?limit=100" + filter + param("cursor", cursor))
                .flatMap(page -> signedIn.api().get("/v1/audit/verify").map(v -> v.path("valid").asBoolean()
                        ? "The chain of " + v.path("entries").asText() + " entries verifies."
                        : "The chain does NOT verify: " + v.toString())
                        .map(verification -> Response.ok(Templates.audit(viewer, view, blank(actor), blank(action),
                                entries(page), page.hasNonNull("next_cursor")
                                        ? filter + param("cursor", page.path("next_cursor").asText())
                                        : "",
                                verification)).type(MediaType.TEXT_HTML).build()))
                .onFailure(ApiException.class).recoverWithItem(e -> Response.ok(Problems.problem(viewer, view,
                        "The platform could not answer", e.getMessage())).type(MediaType.TEXT_HTML).build());
    }

    private static List<Entry> entries(JsonNode page) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : page.path("entries")) {
            String actor = e.hasNonNull("actor_name") ? e.path("actor_name").asText() : e.path("actor_sub").asText();
            entries.add(new Entry(e.path("seq").asText(), e.path("time").asText(), actor, e.path("action").asText(),
                    e.path("target").asText(), e.path("result").asText(), e.path("client_ip").asText()));
        }
        return entries;
    }

    private static String param(String name, String value) {
        return value == null || value.isBlank()
                ? ""
                : "&" + name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
    }

    private static String blank(String s) {
        return s == null ? "" : s.strip();
    }
}
