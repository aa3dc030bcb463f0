package dev.clv.console.schedule;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.oidc.RefreshToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/reports}: the signed-in person's scheduled reports (a view, its filters, daily, weekly or monthly at a
 * local time in a zone), their archive of PDFs to download, and a form to schedule one — prefilled by a view's
 * "Schedule" link. A report runs as the person who scheduled it, so it shows what they may see when it runs.
 */
@Path("/reports")
public class ReportsPage {
    static final int ARCHIVE = 100;
    static final List<String> VIEWS = List.of("dashboard", "cohorts", "rfm", "at-risk", "products", "product", "ltv",
            "acquisition", "data-quality");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reports(Viewer viewer, ViewParams view, List<Schedule> schedules,
                List<ScheduleRepository.Archived> archive, Map<String, String> draft, List<String> views,
                boolean mail, String notice);
    }

    // field injection: the session's refresh token is request-scoped
    @Inject
    SignedIn signedIn;
    @Inject
    RefreshToken refreshToken;
    @Inject
    ScheduleRepository schedules;
    @Inject
    TokenVault vault;
    @Inject
    ReportRunner runner;
    @Inject
    ReportMail mail;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@Context UriInfo uri) {
        Map<String, String> query = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return page(draft(query), query.containsKey("ran") ? "The report ran: see the archive below." : null, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> create(MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        Map<String, String> fields = new HashMap<>();
        form.forEach((k, v) -> fields.put(k, v.isEmpty() ? "" : v.get(0)));
        Schedule s;
        try {
            s = ScheduleForm.read(fields, viewer.tenant(), signedIn.subject(), viewer.name(), Instant.now());
        } catch (ViewParams.BadView bad) {
            return page(fields, "Not scheduled: the field '" + bad.parameter() + "' " + bad.getMessage().substring(
                    bad.parameter().length() + 1) + ".", 400);
        }
        if (!OfflineTokens.offline(refreshToken.getToken())) {
            return page(fields, "Not scheduled: this session cannot run reports while you are away. Sign out and in "
                    + "again, then schedule it.", 409);
        }
        return schedules.insert(s, vault.seal(refreshToken.getToken(), s.id().toString()))
                .replaceWith(Response.seeOther(URI.create("/reports")).build());
    }

    @POST
    @Path("/{id}/delete")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> delete(@PathParam("id") String id) {
        Viewer viewer = signedIn.viewer();
        return schedules.delete(uuid(id), viewer.tenant(), signedIn.subject()).map(gone -> gone
                ? Response.seeOther(URI.create("/reports")).build()
                : notFound(viewer));
    }

    /** Runs a schedule now, as it will run on its own (with its stored token, not this session's). */
    @POST
    @Path("/{id}/run")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> run(@PathParam("id") String id) {
        Viewer viewer = signedIn.viewer();
        return schedules.one(uuid(id), viewer.tenant(), signedIn.subject(), Instant.now()).flatMap(due -> due == null
                ? Uni.createFrom().item(notFound(viewer))
                : runner.run(due).map(entry -> Response.seeOther(URI.create("/reports?ran=" + entry)).build()));
    }

    @GET
    @Path("/archive/{id}.pdf")
    public Uni<Response> pdf(@PathParam("id") String id) {
        Viewer viewer = signedIn.viewer();
        return schedules.pdf(uuid(id), viewer.tenant(), signedIn.subject()).map(file -> file == null
                ? notFound(viewer)
                : Response.ok(file.getValue(), "application/pdf").header("Content-Disposition",
                        "attachment; filename=\"" + file.getKey() + "\"").build());
    }

    private Uni<Response> page(Map<String, String> draft, String notice, int status) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, draft.get("zone"), null);
        return schedules.mine(viewer.tenant(), signedIn.subject()).flatMap(mine -> schedules.archived(viewer
                .tenant(), signedIn.subject(), ARCHIVE).map(
                        archive -> Response.status(status).type(
                                MediaType.TEXT_HTML).entity(
                                        Templates.reports(viewer, view, mine, archive, draft, VIEWS, mail
                                                .enabled(), notice))
                                .build()));
    }

    /** The form's first values from a view's link: the view, its own parameters, its range's length and zone. */
    static Map<String, String> draft(Map<String, String> query) {
        Map<String, String> draft = new HashMap<>();
        String view = query.getOrDefault("view", "dashboard");
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (view.startsWith("products/")) {
            params.put("id", java.net.URLDecoder.decode(view.substring("products/".length()),
                    java.nio.charset.StandardCharsets.UTF_8));
            view = "product";
        }
        query.forEach((k, v) -> {
            if (!List.of("view", "from", "to", "zone", "ran").contains(k) && !v.isEmpty()) {
                params.put(k, v);
            }
        });
        draft.put("view", view);
        draft.put("params", ScheduleRepository.params(params));
        long days = 30;
        try {
            days = ChronoUnit.DAYS.between(LocalDate.parse(query.get("from")), LocalDate.parse(query.get("to"))) + 1;
        } catch (RuntimeException e) {
            // no range in the link: a month
        }
        draft.put("days", String.valueOf(Math.max(1, Math.min(ScheduleForm.MAX_DAYS, days))));
        draft.put("zone", query.getOrDefault("zone", "UTC").isBlank() ? "UTC" : query.get("zone"));
        draft.put("cadence", "daily");
        draft.put("time", "08:00");
        return draft;
    }

    private Response notFound(Viewer viewer) {
        return Response.status(404).type(MediaType.TEXT_HTML).entity(Problems.problem(viewer, ViewParams.of(null,
                null, null, null), "No such report", "You have no scheduled report or archived run with this id."))
                .build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }
}
