package dev.clv.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A page's API calls straight through the gateway with a client token, one after the other, each timed. */
final class ApiCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final Supplier<String> token;
    private final Map<String, Latencies> byCall = new HashMap<>();
    private long roundMicros;
    private boolean recording;

    ApiCalls(String gateway, Supplier<String> token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** A refusal or failure of a call: the round does not count. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * GETs {@code pathAndQuery}, timed under {@code call} (e.g. the route; calls a page makes twice get two names)
     * and added to the round; answers its JSON.
     */
    JsonNode get(String call, String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token.get()).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - start) / 1000;
        if (r.statusCode() / 100 != 2) {
            throw new Refused(call + " answered " + r.statusCode() + ": " + new String(r.body(),
                    StandardCharsets.UTF_8));
        }
        roundMicros += micros;
        if (recording) {
            byCall.computeIfAbsent(call, c -> new Latencies()).add(micros);
        }
        return JSON.readTree(r.body());
    }

    /** Starts a round: its calls' times are summed and, if {@code recorded}, kept per call. */
    void startRound(boolean recorded) {
        roundMicros = 0;
        recording = recorded;
    }

    /** The sum of the round's call times, in microseconds. */
    long roundMicros() {
        return roundMicros;
    }

    /** Each call's times over every recorded round, by name. */
    Map<String, Latencies> byCall() {
        return byCall;
    }

    /** Forgets the per-call times (before the next page). */
    void clearCalls() {
        byCall.clear();
    }
}
