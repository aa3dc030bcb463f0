package dev.clv.console.view;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** The page every view shows when it cannot show itself: a title and the reason, the API's own when it refused. */
@CheckedTemplate(basePath = "")
public class Problems {
    public static native TemplateInstance problem(Viewer viewer, ViewParams view, String title, String detail);

    /** The 403 page of a view {@code viewer}'s role may not see: {@code who} may ({@code what}). */
    public static Uni<Response> forbidden(Viewer viewer, ViewParams view, String who, String what) {
        return Uni.createFrom().item(Response.status(403).type(MediaType.TEXT_HTML).entity(problem(viewer, view, who
                + " only", what + "; you are signed in as " + viewer.role() + ".")).build());
    }
}
