package dev.clv.contracts.problem;

import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem answers below the REST layer: a bearer token rejected by proactive authentication never reaches a
 * resource, so its 401 is written here; {@link #send} serves plain Vert.x routes such as the gateway's proxy.
 */
@jakarta.enterprise.context.ApplicationScoped
public class HttpProblems {

    void installFailureHandler(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::onFailure);
        // requests no route takes (an unknown path) get a problem instead of Vert.x's plain-text page
        router.errorHandler(404, rc -> send(rc, Problem.of(404, "Not Found", "There is nothing at this path.")));
        router.errorHandler(405, rc -> send(rc, Problem.of(405, "Method Not Allowed",
                "This path does not accept " + rc.request().method().name() + ".")));
    }

    private void onFailure(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        if (rc.failure() instanceof AuthenticationFailedException) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            send(rc, Problem.of(401, "Unauthorized", "The bearer token is invalid or expired."));
        } else if (rc.statusCode() == 401 && !(rc.user() instanceof QuarkusHttpUser)) {
            send(rc, Problem.of(401, "Unauthorized", "A valid bearer token is required."));
        } else {
            rc.next();
        }
    }

    public static void send(RoutingContext rc, Problem problem) {
        rc.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem.withInstance(rc.normalizedPath())));
    }
}
