package dev.clv.console.report;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.clv.console.api.ApiException;
import dev.clv.console.api.PlatformApi;
import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Every report view as a page ({@code /app/dashboard}) and as exports with the same query ({@code .pdf},
 * {@code .csv}, {@code .xlsx}): the view builds one {@link Report}, each form writes it. Exports are built off the
 * event loop (layout and spreadsheet writing are CPU work).
 */
@Path("/")
public class ViewPages {
    static final String VIEWS = "dashboard|cohorts|rfm|at-risk|products|ltv|acquisition|data-quality";
    /** Views of one thing, at {@code /app/<list>/{id}}: the list's path and the view's name. */
    static final Map<String, String> DETAILS = Map.of("products", "product");

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance view(Viewer viewer, ViewParams view, Report report, Map<String, String> charts,
                String exports);
    }

    private final Instance<ConsoleView> views;
    private final SignedIn signedIn;
    private final PdfExport pdf;
    private final UriInfo uri;

    public ViewPages(Instance<ConsoleView> views, SignedIn signedIn, PdfExport pdf, UriInfo uri) {
        this.views = views;
        this.signedIn = signedIn;
        this.pdf = pdf;
        this.uri = uri;
    }

    @GET
    @Path("{name: " + VIEWS + "}")
    public Uni<Response> page(@PathParam("name") String name) {
        return page(name, null);
    }

    @GET
    @Path("{list: products}/{id}")
    public Uni<Response> detailPage(@PathParam("list") String list, @PathParam("id") String id) {
        return page(DETAILS.get(list), id);
    }

    @GET
    @Path("{list: products}/{id}.{format: pdf|csv|xlsx}")
    @Blocking
    public Uni<Response> detailExport(@PathParam("list") String list, @PathParam("id") String id,
            @PathParam("format") String format) {
        return export(DETAILS.get(list), id, format);
    }

    private Uni<Response> page(String name, String id) {
        Viewer viewer = signedIn.viewer();
        return build(name, id, viewer).map(built -> built.problem != null
                ? built.problem
                : Response.ok(Templates.view(viewer, built.view, built.report, chartJson(built.report),
                        built.view.query() + extra(built.query))).type(MediaType.TEXT_HTML).build());
    }

    @GET
    @Path("{name: " + VIEWS + "}.{format: pdf|csv|xlsx}")
    @Blocking
    public Uni<Response> export(@PathParam("name") String name, @PathParam("format") String format) {
        return export(name, null, format);
    }

    private Uni<Response> export(String name, String id, String format) {
        Viewer viewer = signedIn.viewer();
        // the API's answers arrive on the event loop; laying out a PDF or a workbook must not run there
        return build(name, id, viewer).emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .map(built -> {
                    if (built.problem != null) {
                        return built.problem;
                    }
                    String file = name + (id == null ? "" : "-" + id.replaceAll("[^A-Za-z0-9_.-]", "_")) + "-"
                            + built.view.from() + "-" + built.view.to() + "." + format;
                    Response.ResponseBuilder ok = switch (format) {
                        case "pdf" -> Response.ok(pdf.write(built.report, built.view.zone()), "application/pdf");
                        case "xlsx" -> Response.ok(XlsxExport.write(built.report, built.view.zone()),
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                        default -> built.report.tables().isEmpty()
                                ? Response.status(404).type(MediaType.TEXT_PLAIN).entity("This view has no table.")
                                : Response.ok(
                                        CsvExport.write(built.report.table(built.query.get("table")),
                                                built.view.zone()).getBytes(StandardCharsets.UTF_8),
                                        "text/csv; charset=utf-8");
                    };
                    return ok.header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
                });
    }

    private record Built(ViewParams view, Map<String, String> query, Report report, Response problem) {
    }

    private Uni<Built> build(String name, String id, Viewer viewer) {
        Map<String, String> query = new HashMap<>();
        uri.getQueryParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? null : v.get(0)));
        // the path's id wins over any id in the query
        query.remove("id");
        if (id != null) {
            query.put("id", id);
        }
        ConsoleView v = views.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        ViewParams view;
        try {
            view = ViewParams.of(query.get("from"), query.get("to"), query.get("zone"), query.get("currency"),
                    v.defaultDays());
        } catch (ViewParams.BadView bad) {
            return Uni.createFrom().item(new Built(null, query, null, bad(viewer, bad)));
        }
        PlatformApi api = signedIn.api();
        return Uni.createFrom().deferred(() -> v.report(api, view, query))
                .map(report -> new Built(view, query, report, null))
                .onFailure(ViewParams.BadView.class).recoverWithItem(e -> new Built(view, query, null,
                        bad(viewer, (ViewParams.BadView) e)))
                .onFailure(ApiException.class).recoverWithItem(e -> new Built(view, query, null, Response
                        .status(status((ApiException) e)).type(MediaType.TEXT_HTML)
                        .entity(Problems.problem(viewer, view, "The platform could not answer", e.getMessage()))
                        .build()));
    }

    // the API's refusal of the user (403, 404, 429…) is theirs to see, a timeout is named (504); anything else is
    // the platform failing
    private static int status(ApiException e) {
        return e.status() >= 400 && e.status() < 500 || e.status() == 504 ? e.status() : 502;
    }

    private static Response bad(Viewer viewer, ViewParams.BadView bad) {
        ViewParams fallback = ViewParams.of(null, null, null, null);
        return Response.status(400).type(MediaType.TEXT_HTML).entity(Problems.problem(viewer, fallback,
                "This view cannot be shown", "The parameter '" + bad.parameter() + "' " + bad.getMessage()
                        .substring(bad.parameter().length() + 1) + "."))
                .build();
    }

    // the view's own parameters (beyond the range, zone and currency), kept on the export links
    private static String extra(Map<String, String> query) {
        StringBuilder s = new StringBuilder();
        query.forEach((k, v) -> {
            if (v != null && !List.of("from", "to", "zone", "currency", "id").contains(k)) {
                s.append('&').append(ViewParams.encode(k)).append('=').append(ViewParams.encode(v));
            }
        });
        return s.toString();
    }

    private static Map<String, String> chartJson(Report report) {
        Map<String, String> json = new HashMap<>();
        for (Chart c : report.charts()) {
            try {
                json.put(c.id(), PlatformApi.JSON.writeValueAsString(c));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return json;
    }
}
