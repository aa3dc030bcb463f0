package dev.clv.console.users;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/admin/users} (administrators only): the people of the administrator's own tenant in Keycloak, with
 * their role; create one, disable or enable one, change one's role. Others get a 403 page.
 */
@Path("/admin/users")
// Keycloak's admin client blocks: every method here runs on a worker thread, never on the event loop
@Blocking
public class UsersPage {
    static final int PAGE = 50;
    private static final Logger LOG = Logger.getLogger(UsersPage.class);
    /** What the page says after a change; chosen by key, so the URL cannot put words on the page. */
    private static final Map<String, String> NOTICES = Map.of(
            "created", "The user was created. They choose their own password when they first log in.",
            "enabled", "The user was enabled and can log in again.",
            "disabled", "The user was disabled: Keycloak refuses their logins, and their sessions were ended.",
            "role", "The role was changed; it applies from the user's next login.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(Viewer viewer, ViewParams view, List<TenantUser> users, String you,
                int first, int previous, int next, NewUser draft, List<String> roles, String notice,
                String refusal);
    }

    private final SignedIn signedIn;
    private final TenantDirectory directory;

    UsersPage(SignedIn signedIn, TenantDirectory directory) {
        this.signedIn = signedIn;
        this.directory = directory;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@QueryParam("first") String first, @QueryParam("done") String done) {
        Viewer viewer = signedIn.viewer();
        if (!viewer.isAdmin()) {
            return forbidden(viewer);
        }
        int offset;
        try {
            offset = first == null || first.isBlank() ? 0 : Integer.parseInt(first.strip());
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (offset < 0) {
            return answer(viewer, () -> {
                throw new Refusal(400, "first must be a whole number, 0 or more");
            });
        }
        int from = offset;
        return answer(viewer, () -> page(viewer, 200, from, NewUser.BLANK, done == null
                ? null
                : NOTICES.get(done), null));
    }

    /** Creates a user in the administrator's tenant (the form's CSRF token checked first, by the filter). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> create(MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        if (!viewer.isAdmin()) {
            return forbidden(viewer);
        }
        return answer(viewer, () -> {
            try {
                NewUser user = NewUser.of(form);
                directory.create(viewer.tenant(), user);
                // Keycloak's admin event names the console's client as the author: this line names the person
                LOG.infof("%s of tenant %s created the user %s as %s", viewer.name(), viewer.tenant(),
                        user.username(), user.role());
                return done("created");
            } catch (Refusal r) {
                if (r.status() == 403) {
                    throw r;
                }
                return page(viewer, r.status(), 0, NewUser.draft(form), null, r.getMessage());
            }
        });
    }

    @POST
    @Path("/{id}/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> enabled(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        if (!viewer.isAdmin()) {
            return forbidden(viewer);
        }
        return answer(viewer, () -> {
            String value = form.getFirst("enabled");
            if (!"true".equals(value) && !"false".equals(value)) {
                throw new Refusal(400, "enabled must be true or false");
            }
            boolean enabled = Boolean.parseBoolean(value);
            TenantUser user = directory.user(viewer.tenant(), id);
            if (!enabled && isYou(viewer, user)) {
                return page(viewer, 409, 0, NewUser.BLANK, null, "You cannot disable yourself: another "
                        + "administrator of your tenant can.");
            }
            directory.setEnabled(viewer.tenant(), user.id(), enabled);
            LOG.infof("%s of tenant %s %s the user %s", viewer.name(), viewer.tenant(), enabled
                    ? "enabled"
                    : "disabled", user.username());
            return done(enabled ? "enabled" : "disabled");
        });
    }

    @POST
    @Path("/{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> role(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Viewer viewer = signedIn.viewer();
        if (!viewer.isAdmin()) {
            return forbidden(viewer);
        }
        return answer(viewer, () -> {
            ConsoleRole role = ConsoleRole.of(form.getFirst("role"));
            TenantUser user = directory.user(viewer.tenant(), id);
            if (role != ConsoleRole.ADMIN && isYou(viewer, user)) {
                return page(viewer, 409, 0, NewUser.BLANK, null, "You cannot remove your own admin role: "
                        + "another administrator of your tenant can.");
            }
            directory.setRole(viewer.tenant(), user.id(), role);
            LOG.infof("%s of tenant %s gave the user %s the role %s", viewer.name(), viewer.tenant(),
                    user.username(), role.realmRole());
            return done("role");
        });
    }

    /** The signed-in administrator themself: the same Keycloak user id, or (the token without one) the username. */
    private boolean isYou(Viewer viewer, TenantUser user) {
        String subject = signedIn.subject();
        return user.id().equals(subject) || user.username().equalsIgnoreCase(viewer.name());
    }

    private Response page(Viewer viewer, int status, int first, NewUser draft, String notice, String refusal) {
        TenantDirectory.Page page = directory.list(viewer.tenant(), first, PAGE);
        String you = page.users().stream().filter(u -> isYou(viewer, u)).map(TenantUser::id).findFirst()
                .orElse("");
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Templates.users(viewer, view(), page
                .users(), you, first, Math.max(0, first - PAGE), page.more() ? first + PAGE : -1, draft,
                ConsoleRole.names(), notice, refusal)).build();
    }

    /**
     * Runs a step against Keycloak: a refusal is named on the page (a user outside the tenant as no such user), and
     * Keycloak away or failing is said so, never shown as the page.
     */
    private Uni<Response> answer(Viewer viewer, Supplier<Response> step) {
        Response response;
        try {
            response = step.get();
        } catch (Refusal r) {
            response = problem(viewer, r.status(), r.status() == 404
                    ? "No such user"
                    : r.status() == 403 ? "No tenant" : "This cannot be done", r.getMessage());
        } catch (ProcessingException | WebApplicationException e) {
            LOG.warnf("Keycloak's admin API failed for %s of tenant %s: %s", viewer.name(), viewer.tenant(),
                    e.toString());
            response = problem(viewer, 502, "Keycloak could not answer", "The users are kept in Keycloak, which "
                    + "did not answer as expected; try again in a moment.");
        }
        return Uni.createFrom().item(response);
    }

    private static Response problem(Viewer viewer, int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(Problems.problem(viewer, view(), title,
                detail)).build();
    }

    private static Uni<Response> forbidden(Viewer viewer) {
        return Problems.forbidden(viewer, view(), "Administrators", "Users are managed by administrators");
    }

    /** After a change, the list again (a reload does not post twice), saying what was done. */
    private static Response done(String notice) {
        return Response.seeOther(URI.create("/admin/users?done=" + notice)).build();
    }

    private static ViewParams view() {
        return ViewParams.of(null, null, null, null);
    }
}
