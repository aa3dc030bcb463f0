package dev.clv.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends requests the way the old systems' documented clients do (curl with -d, no content type of their own; a
 * bearer header or a {@code ?token=}), against the gateway; only the base URL and the credential are ours.
 */
final class SeedClient {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;
    private final String credential;

    SeedClient(String base, String credential) {
        this.base = base;
        this.credential = credential;
    }

    /** {@code curl -X GET "URL"} with the credential as a bearer header (none when null). */
    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(request(pathAndQuery).GET());
    }

    /** {@code curl -X POST "URL" -d 'BODY'}: curl labels such a body a form, whatever it holds. */
    HttpResponse<String> curlData(String pathAndQuery, String body) throws Exception {
        return send(request(pathAndQuery).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code curl -X POST "URL" -H "Content-Type: application/json" -d 'BODY'}. */
    HttpResponse<String> postJson(String pathAndQuery, String body) throws Exception {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code curl -X PUT "URL" -H "Content-Type: application/json" -d 'BODY'}. */
    HttpResponse<String> putJson(String pathAndQuery, String body) throws Exception {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code curl -X POST "URL"} with no body at all. */
    HttpResponse<String> postEmpty(String pathAndQuery) throws Exception {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Asks until the answer passes {@code ready}, as a client polling for fresh data would; the last answer. */
    JsonNode await(String pathAndQuery, Predicate<JsonNode> ready, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = get(pathAndQuery);
            if (answer.statusCode() == 200) {
                last = JSON.readTree(answer.body());
                if (ready.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready after " + seconds + " s: " + pathAndQuery + " last answered " + last);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        // a hung exchange fails its test instead of the whole build waiting on it
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(java.time.Duration.ofSeconds(90));
        return credential == null ? builder : builder.header("Authorization", "Bearer " + credential);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
