package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.apikey.ApiKey;
import dev.clv.gateway.apikey.ApiKeyAuthenticator;
import dev.clv.gateway.apikey.ApiKeyRepository;
import dev.clv.testsupport.OidcResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** What API-key checks cost the database, counted by the repository's query counters. */
@QuarkusTest
@WithGatewayInfrastructure
class ApiKeyLookupsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MeterRegistry registry;
    private final ApiKeyRepository repository;

    ApiKeyLookupsTest(MeterRegistry registry, ApiKeyRepository repository) {
        this.registry = registry;
        this.repository = repository;
    }

    @Test
    void aFloodOfRandomKeysCostsOneSmallQueryPerIntervalNotALookupEach() {
        double lookups = queries("lookup");
        double newKeyReads = queries("new-keys");
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                    + "/v0/pipes/customer_ltv.json")).header("X-API-Key", "clv_" + Base64.getUrlEncoder()
                            .withoutPadding().encodeToString(random))
                    .build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        calls.forEach(call -> assertEquals(401, call.join().statusCode()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, queries("lookup") - lookups, "no made-up key was looked up");
        // one read of the keys made lately per 500 ms (gateway.api-keys.new-keys-every) at most, however many keys
        double reads = queries("new-keys") - newKeyReads;
        assertTrue(reads >= 1 && reads <= millis / 500 + 2, reads + " reads of new keys in " + millis + " ms");
    }

    @Test
    void aKeyMadeOnAnotherReplicaIsKnownAtItsFirstUseAndARevokedKeyStaysRefusedWithoutLookups() {
        // made in the database as another replica would make it: this replica has never seen it
        ApiKeyAuthenticator.Minted minted = ApiKeyAuthenticator.mint();
        ApiKey stored = repository.insert(new ApiKey(UUID.randomUUID(), "acme", "made elsewhere", minted.prefix(),
                List.of("analytics:read"), "free", "someone", null, null, null), minted.hash())
                .await().indefinitely();
        given().header("X-API-Key", minted.secret()).get("/v0/pipes/customer_ltv.json").then().statusCode(200);

        given().auth().oauth2(OidcResource.token("acme", "admin")).delete("/v1/api-keys/" + stored.id())
                .then().statusCode(204);
        double lookups = queries("lookup");
        for (int i = 0; i < 20; i++) {
            given().header("X-API-Key", minted.secret()).get("/v0/pipes/customer_ltv.json").then().statusCode(401);
        }
        assertTrue(queries("lookup") - lookups <= 1, "a revoked key asked for 20 times cost "
                + (queries("lookup") - lookups) + " lookups");
        // and a key made here works at once
        String local = given().auth().oauth2(OidcResource.token("acme", "admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "here", "scopes", List.of("analytics:read"))).post("/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        given().header("X-API-Key", local).get("/v0/pipes/customer_ltv.json").then().statusCode(200);
    }

    private double queries(String query) {
        return registry.get("gateway.api_keys.queries").tag("query", query).counter().count();
    }
}
