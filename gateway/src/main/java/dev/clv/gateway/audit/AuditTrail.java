package dev.clv.gateway.audit;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.clv.contracts.auth.Scopes;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.proxy.ExchangeEnd;
import dev.clv.gateway.proxy.RouteMatch;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides which calls through the gateway are audited and records them once answered: every write (any method but
 * GET, HEAD and OPTIONS), every call of an admin-scope route (the gateway's own API keys and audit log included)
 * and every privacy call ({@code /v1/privacy...}), refused ones too, once the caller's tenant is known. A call
 * refused before that (no or a bad credential, no route) has no tenant chain to join; the access log has it.
 */
@ApplicationScoped
public class AuditTrail {
    /** The status of a call whose client left before an answer was sent (nginx's convention). */
    static final int CLIENT_CLOSED = 499;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String PRIVACY = "/v1/privacy";

    private final AuditWriter writer;

    public AuditTrail(AuditWriter writer) {
        this.writer = writer;
    }

    /** Arranges for the request to be audited, if it is to be, once its answer has been sent. */
    public void track(RoutingContext rc, String requestId) {
        ExchangeEnd.add(rc, done -> record(rc, requestId));
    }

    /** Whether a call of {@code method} on a route needing {@code scope}, at canonical {@code path}, is audited. */
    static boolean audited(String method, String scope, String path) {
        return !READS.contains(method) || Scopes.ADMIN.equals(scope) || path.equals(PRIVACY)
                || path.startsWith(PRIVACY + "/");
    }

    private void record(RoutingContext rc, String requestId) {
        Client client = Client.find(rc);
        RouteMatch match = RouteMatch.find(rc);
        if (client == null || client.tenant() == null || match == null) {
            return;
        }
        String method = rc.request().method().name();
        // the canonical path: an alias's call is recorded as the call it became; never a query (a ?token=)
        String target = match.upstreamPath();
        if (!audited(method, match.route().scope(), target)) {
            return;
        }
        int result = rc.response().headWritten() ? rc.response().getStatusCode() : CLIENT_CLOSED;
        String subject = client.caller().subject() != null ? client.caller().subject() : client.id();
        writer.offer(AuditEntry.of(client.tenant(), Instant.now(), subject, displayName(rc, client),
                method + " " + match.route().path(), target, result, requestId, clientIp(rc)));
    }

    /** The token's {@code preferred_username}, else its {@code name}; none for an API key (its id is the subject). */
    private static String displayName(RoutingContext rc, Client client) {
        if (client.viaApiKey() || !(rc.user() instanceof QuarkusHttpUser user)
                || !(user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        String name = claim(token, "preferred_username");
        return name != null ? name : claim(token, "name");
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? null : text;
    }

    private static String clientIp(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
