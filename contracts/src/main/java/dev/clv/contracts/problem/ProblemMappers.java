package dev.clv.contracts.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Maps every exception a REST call can end with to a problem; no stack trace ever reaches a client. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder builder = respond(e.problem().withInstance(uri.getPath()));
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return respond(Problem.of(401, "Unauthorized", "A valid bearer token is required.").withInstance(uri.getPath()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "The token does not allow this call.").withInstance(uri.getPath()))
                .build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        String detail = "The body is not valid JSON: " + e.getOriginalMessage();
        return respond(Problem.of(400, "Bad Request", detail).withInstance(uri.getPath())).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()).withInstance(uri.getPath())).build();
    }

    // Throwable, not Exception: the reactive SQL client fails with bare Throwables, which must not reach the
    // framework's error page (it prints a stack trace outside production)
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Unavailable.is(e)) {
            // the database (or another dependency) is away: a retry may succeed, so say so instead of "a bug"
            LOG.warnf("A dependency was unreachable on %s: %s", uri.getPath(), e.toString());
            return respond(Problem.of(503, "Service Unavailable", "A dependency of this service is unreachable; "
                    + "retry shortly.").withInstance(uri.getPath())).header("Retry-After", 5).build();
        }
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(Problem.of(500, "Internal Server Error", "The request failed unexpectedly; it has been logged.")
                .withInstance(uri.getPath())).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
