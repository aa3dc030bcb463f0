package dev.clv.gateway.proxy;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.gateway.client.Client;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One JSON line per public request on the {@code dev.clv.gateway.access} category: request and trace id, client,
 * tenant, the path sent and the path the upstream saw (an alias's rewrite), route, status, latency and bytes sent.
 * Credentials never appear: no header is logged, and only paths are, never the query (where seed 000 clients put a
 * token). A stream (a streaming route) is one line too, written when it ends: its latency is its whole duration.
 */
@ApplicationScoped
public class AccessLog {
    private static final Logger LOG = Logger.getLogger("dev.clv.gateway.access");

    /** Arranges for the request to be logged once its answer has been sent. */
    void track(RoutingContext rc, String requestId) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long started = System.nanoTime();
        ExchangeEnd.add(rc, done -> {
            Client client = Client.find(rc);
            RouteMatch match = RouteMatch.find(rc);
            RouteTable.Entry route = match == null ? null : match.route();
            JsonObject line = new JsonObject()
                    .put("time", Instant.now().toString())
                    .put("request_id", requestId)
                    .put("trace_id", RequestTracing.traceId(rc.request()))
                    .put("method", rc.request().method().name())
                    .put("path", rc.request().path())
                    .put("upstream_path", match == null ? null : match.upstreamPath())
                    .put("route", route == null ? null : route.path())
                    .put("upstream", route == null ? null : route.upstream())
                    .put("client", client == null ? null : client.id())
                    .put("tenant", client == null ? null : client.tenant())
                    .put("status", rc.response().getStatusCode())
                    .put("latency_ms", (System.nanoTime() - started) / 1_000_000.0)
                    .put("bytes_sent", rc.response().bytesWritten())
                    .put("streaming", route != null && route.streaming())
                    // Vert.x reports an answer whose connection closed mid-way as ended too, once the proxy holds
                    // its exception handler: only an answer that was ended was sent whole
                    .put("completed", done.succeeded() && rc.response().ended());
            LOG.info(line.encode());
        });
    }
}
