package dev.clv.ingestion.ingest;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.ingestion.config.IngestionConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the memory writes can take before their bodies are read: a declared body over the limit is a 413
 * problem at once, and bodies in flight share a byte budget; past it the answer is 503 with Retry-After, so
 * overload sheds load instead of growing the heap. A body without Content-Length is counted at the limit; a gzip
 * body is charged again for what it inflates to ({@link GzipBodies}).
 */
@ApplicationScoped
public class AdmissionControl {
    private final long maxBody;
    private final long budget;
    private final AtomicLong inFlight = new AtomicLong();

    public AdmissionControl(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            IngestionConfig config) {
        this.maxBody = maxBody.asLongValue();
        this.budget = config.maxInFlightBytes().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-10).handler(this::admit);
    }

    private void admit(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT) {
            rc.next();
            return;
        }
        long declared = declaredLength(rc);
        if (declared > maxBody) {
            HttpProblems.send(rc, Problem.of(413, "Content Too Large",
                    "A body may be at most " + maxBody + " bytes; split the rows over several requests."));
            return;
        }
        if (inFlight.addAndGet(declared) > budget) {
            inFlight.addAndGet(-declared);
            rc.response().putHeader("Retry-After", "1");
            HttpProblems.send(rc, Problem.of(503, "Service Unavailable",
                    "Too many writes are in progress; nothing from this one was taken. Retry shortly."));
            return;
        }
        rc.addEndHandler(done -> inFlight.addAndGet(-declared));
        rc.next();
    }

    /** The largest body a write may have, as read (inflated). */
    public long maxBody() {
        return maxBody;
    }

    /** Takes {@code bytes} more of the budget (an inflating body); false, taking nothing, when they do not fit. */
    public boolean take(long bytes) {
        if (inFlight.addAndGet(bytes) > budget) {
            inFlight.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Gives back what {@link #take} took. */
    public void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    private long declaredLength(RoutingContext rc) {
        String header = rc.request().getHeader("Content-Length");
        try {
            return header == null ? maxBody : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return maxBody;
        }
    }
}
