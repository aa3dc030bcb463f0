package dev.clv.gateway.status;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** HTTP probes of the platform's parts, and what their SmallRye Health answers say about them. */
final class Readiness {
    private final HttpClient client;
    private final long timeout;

    Readiness(HttpClient client, long timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** A service's readiness answer ({@code http_status} added), failed when it cannot be reached in time. */
    Future<JsonObject> of(String url) {
        return get(url).compose(response -> response.body().map(body -> parse(body)
                .put("http_status", response.statusCode())));
    }

    /** Up when {@code url} answers 200 in time (the OIDC issuer's discovery document). */
    Future<Component> reachable(String url) {
        return get(url).compose(response -> response.body().map(body -> response.statusCode() == 200
                ? Component.of(Component.UP)
                : new Component(Component.DOWN, new JsonObject().put("http_status", response.statusCode()))))
                .otherwise(e -> Component.of(Component.UNREACHABLE));
    }

    private Future<io.vertx.core.http.HttpClientResponse> get(String url) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(timeout)).compose(request -> request.send());
    }

    /** A service: up when ready, else down (naming its failing checks) or unreachable. */
    static Component service(Future<JsonObject> answer) {
        if (answer.failed()) {
            return Component.of(Component.UNREACHABLE);
        }
        JsonObject body = answer.result();
        int status = body.getInteger("http_status");
        Component part = Component.of(status == 200 ? Component.UP : Component.DOWN);
        if (status != 200) {
            part.details().put("http_status", status);
        }
        List<String> failing = checks(body).filter(c -> !"UP".equals(c.getString("status")))
                .map(c -> c.getString("name")).toList();
        if (!failing.isEmpty()) {
            part.details().put("failing_checks", new JsonArray(failing));
        }
        return part;
    }

    /** The first check of a service's readiness whose name holds {@code word}; unknown without one. */
    static Component check(Future<JsonObject> answer, String word, String source) {
        Optional<JsonObject> check = answer.failed()
                ? Optional.empty()
                : checks(answer.result())
                        .filter(c -> String.valueOf(c.getString("name")).toLowerCase(Locale.ROOT).contains(word))
                        .findFirst();
        Component part = check.map(c -> Component.of("UP".equals(c.getString("status"))
                ? Component.UP
                : Component.DOWN)).orElse(Component.of(Component.UNKNOWN));
        part.details().put("source", source);
        return part;
    }

    /** The analytics projection: its consumers' states as the analytics readiness lists them. */
    static Component projection(Future<JsonObject> analytics) {
        Component part = check(analytics, "kafka consumers", "analytics readiness");
        Optional<JsonObject> consumers = analytics.failed()
                ? Optional.empty()
                : checks(analytics.result())
                        .filter(c -> "Kafka consumers".equals(c.getString("name"))).findFirst();
        consumers.map(c -> c.getJsonObject("data")).ifPresent(data -> part.details().put("consumers", data));
        // analytics publishes no platform-wide lag or snapshot age; each answer's as_of is per tenant
        part.details().put("lag", "per tenant: as_of.caught_up on every analytics answer");
        return part;
    }

    private static Stream<JsonObject> checks(JsonObject body) {
        JsonArray checks = body.getJsonArray("checks");
        return checks == null
                ? Stream.empty()
                : checks.stream().filter(JsonObject.class::isInstance)
                        .map(JsonObject.class::cast);
    }

    private static JsonObject parse(Buffer body) {
        try {
            return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (RuntimeException e) {
            return new JsonObject(); // not a health answer: judged by its status alone
        }
    }
}
