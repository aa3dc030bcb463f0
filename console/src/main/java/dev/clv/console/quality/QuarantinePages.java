package dev.clv.console.quality;

import java.time.OffsetDateTime;
import java.util.List;

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
import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/data-quality/rows/{id}}: one quarantined row, whole, with a form to correct and replay it or to
 * discard it (analysts and administrators). Both go through the quarantine API as the user, so the gateway's audit
 * log names who did what, and a replay passes the same validation and deduplication as any row.
 */
@Path("/data-quality/rows/{id}")
public class QuarantinePages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance row(Viewer viewer, ViewParams view, Row row, String raw, List<String> errors,
                String done);
    }

    /** A quarantined row as shown. */
    public record Row(String id, String dataSource, long number, String field, String reason, String receivedAt,
            String link) {
    }

    private final SignedIn signedIn;

    public QuarantinePages(SignedIn signedIn) {
        this.signedIn = signedIn;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> show(@PathParam("id") String id, @QueryParam("zone") String zone) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, zone, null);
        return signedIn.api().get("/v1/quarantine/" + ViewParams.encode(id))
                .map(r -> html(200, Templates.row(viewer, view, row(r, view), r.path("raw").asText(), List.of(),
                        null)))
                .onFailure(ApiException.class).recoverWithItem(e -> refused(viewer, view, (ApiException) e));
    }

    /** Replays the row as edited (the original when the text is unchanged); a row still wrong stays, named. */
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> replay(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        if (!viewer.canEdit()) {
            return Problems.forbidden(viewer, view, "Analysts and administrators",
                    "Quarantined rows are replayed by analysts and administrators");
        }
        String raw = form.getFirst("raw") == null ? "" : form.getFirst("raw");
        String path = "/v1/quarantine/" + ViewParams.encode(id);
        return signedIn.api().get(path).flatMap(r -> signedIn.api().post(path + "/replay", raw.isBlank()
                ? null
                : raw).map(
                        result -> html(200, Templates.row(viewer, view, row(r, view), raw, List.of(),
                                "Replayed: " + result.path("successful_rows").asLong() + " row accepted, "
                                        + result.path("duplicate_rows").asLong() + " duplicate. It has left the "
                                        + "quarantine.")))
                .onFailure(ApiException.class)
                .recoverWithItem(e -> ((ApiException) e).status() == 422 || ((ApiException) e)
                        .status() == 400
                                ? html(422, Templates.row(viewer, view, row(r, view), raw, List.of(e.getMessage()),
                                        null))
                                : refused(viewer, view, (ApiException) e)))
                .onFailure(ApiException.class).recoverWithItem(e -> refused(viewer, view, (ApiException) e));
    }

    @POST
    @Path("/discard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> discard(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        ViewParams view = ViewParams.of(null, null, null, null);
        if (!viewer.canEdit()) {
            return Problems.forbidden(viewer, view, "Analysts and administrators",
                    "Quarantined rows are discarded by analysts and administrators");
        }
        String path = "/v1/quarantine/" + ViewParams.encode(id);
        return signedIn.api().get(path).flatMap(r -> signedIn.api().delete(path).map(gone -> html(200, Templates
                .row(viewer, view, row(r, view), r.path("raw").asText(), List.of(), "Discarded."))))
                .onFailure(ApiException.class).recoverWithItem(e -> refused(viewer, view, (ApiException) e));
    }

    private static Row row(JsonNode r, ViewParams view) {
        String id = r.path("id").asText();
        return new Row(id, r.path("data_source").asText(), r.path("row").asLong(), r.path("field").asText(""), r
                .path("reason").asText(),
                OffsetDateTime.parse(r.path("received_at").asText()).atZoneSameInstant(view
                        .zone()).toLocalDateTime().toString().replace('T', ' '),
                "/app/data-quality/rows/" + ViewParams.encode(id));
    }

    private static Response refused(Viewer viewer, ViewParams view, ApiException e) {
        String title = e.status() == 404 ? "No such quarantined row" : "The platform could not answer";
        return html(e.status() >= 400 && e.status() < 500 ? e.status() : 502, Problems.problem(viewer, view, title,
                e.getMessage()));
    }

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(page).build();
    }
}
