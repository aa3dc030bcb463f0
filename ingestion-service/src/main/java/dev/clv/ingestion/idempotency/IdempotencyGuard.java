package dev.clv.ingestion.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.config.IngestionConfig;
import io.smallrye.mutiny.Uni;

/**
 * Idempotency-Key handling: the first request with a key is processed and its answer kept; a retry with the same
 * key and the same request gets that answer again; the same key on a different request is 422, and while the first
 * is still being processed, 409. A request that fails gives its key back, so it can be retried.
 */
@ApplicationScoped
public class IdempotencyGuard {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private final IdempotencyRepository keys;
    private final ObjectMapper json;
    private final Duration retention;
    private final Duration abandonAfter;

    public IdempotencyGuard(IdempotencyRepository keys, ObjectMapper json, IngestionConfig config) {
        this.keys = keys;
        this.json = json;
        this.retention = config.idempotency().retention();
        this.abandonAfter = config.idempotency().abandonAfter();
    }

    /**
     * Runs {@code call} under {@code key} (no key: just runs it); {@code request} is what the key must match. Called
     * on a worker thread; the answer may complete later (a write waiting until queryable), and is kept then.
     */
    public Uni<Response> run(String tenant, String key, String request, byte[] body, Supplier<Uni<Response>> call) {
        if (key == null) {
            return call.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest(HEADER, "1 to 255 visible ASCII characters");
        }
        String fingerprint = fingerprint(request, body);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean ours = keys.claim(tenant, key, fingerprint, now.minus(retention), now.minus(abandonAfter))
                .await().atMost(Duration.ofSeconds(10));
        if (!ours) {
            return Uni.createFrom().item(replay(tenant, key, fingerprint));
        }
        Uni<Response> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            keys.release(tenant, key).await().atMost(Duration.ofSeconds(10));
            throw e;
        }
        return answer.onFailure().call(e -> keys.release(tenant, key))
                .call(done -> keys.complete(tenant, key, done.getStatus(), write(done.getEntity())));
    }

    private Response replay(String tenant, String key, String fingerprint) {
        IdempotencyRepository.StoredKey stored = keys.find(tenant, key).await().atMost(Duration.ofSeconds(10))
                .orElseThrow(() -> conflict("The request holding this key just finished; send it again."));
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content",
                    "This Idempotency-Key was used for a different request."));
        }
        if (stored.inFlight()) {
            throw conflict("A request with this Idempotency-Key is still being processed.");
        }
        return Response.status(stored.status()).type("application/json").header(REPLAYED, "true")
                .entity(stored.response()).build();
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail), 1);
    }

    private String write(Object entity) {
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fingerprint(String request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(request.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
