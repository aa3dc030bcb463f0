package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.ratelimit.Charge;
import dev.clv.gateway.ratelimit.Meter;
import dev.clv.gateway.ratelimit.Outcome;
import dev.clv.gateway.ratelimit.RateLimiter;
import dev.clv.gateway.ratelimit.RateUsageRepository;
import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithGatewayInfrastructure
class RateLimitsTest {
    private static final Pattern LIMIT = Pattern.compile("\"(\\w+)\";r=(\\d+);t=(\\d+)");

    private final GatewayConfig config;
    private final RateUsageRepository usage;

    RateLimitsTest(GatewayConfig config, RateUsageRepository usage) {
        this.config = config;
        this.usage = usage;
    }

    @Test
    void callsAreCountedPerRequestAndTheFourthIsRefusedWithRetryAfter() {
        String token = OidcResource.token("tiny-calls", "analytics:read");
        for (int remaining = 2; remaining >= 0; remaining--) {
            Response ok = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json");
            assertEquals(200, ok.statusCode());
            assertEquals("\"calls\";q=3;w=3600", ok.header("RateLimit-Policy"));
            assertEquals(remaining, limit(ok)[0], ok.header("RateLimit"));
        }
        Response refused = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json");
        assertEquals(429, refused.statusCode());
        assertEquals("application/problem+json", refused.contentType());
        long reset = limit(refused)[1];
        assertEquals(0, limit(refused)[0]);
        assertEquals(Long.toString(reset), refused.header("Retry-After"));
        long secondsToNextHour = 3600 - (System.currentTimeMillis() / 1000) % 3600;
        assertTrue(Math.abs(reset - secondsToNextHour) <= 2, reset + " vs " + secondsToNextHour);
        assertTrue(refused.jsonPath().getString("detail").contains("tiny tier allows 3 calls"));
    }

    @Test
    void ingestionRoutesCountRowsNotRequests() {
        String token = OidcResource.token("tiny-events", "events:write", "analytics:read");
        Response first = given().auth().oauth2(token).body("{}\n{}\n{}\n").post("/v0/events?name=customers");
        assertEquals(200, first.statusCode());
        assertEquals("\"events\";q=5;w=3600", first.header("RateLimit-Policy"));
        assertEquals(2, limit(first)[0], "5 events less the 3 rows of this call");
        assertEquals(null, first.header("Rows-Received"), "the internal header stays inside");
        // 2 remain, so the next call is let in, and its 3 rows exhaust the quota
        Response second = given().auth().oauth2(token).body("{}\n{}\n{}\n").post("/v0/events?name=customers");
        assertEquals(200, second.statusCode());
        assertEquals(0, limit(second)[0]);
        given().auth().oauth2(token).body("{}\n").post("/v0/events?name=customers").then().statusCode(429);
        // reads are another policy, still untouched
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json").then().statusCode(200)
                .header("RateLimit-Policy", equalTo("\"calls\";q=3;w=3600"));
    }

    @Test
    void twoReplicasShareOneQuotaThroughTheDatabase() {
        RateLimiter a = new RateLimiter(config, usage);
        RateLimiter b = new RateLimiter(config, usage);
        String client = "replicas-" + System.nanoTime();
        assertTrue(a.admit(client, "tiny", "calls").allowed());
        assertTrue(a.admit(client, "tiny", "calls").allowed());
        sync(a);
        assertTrue(b.admit(client, "tiny", "calls").allowed(), "b has not seen a's calls yet");
        sync(b);
        assertFalse(b.admit(client, "tiny", "calls").allowed(), "b now counts a's 2 calls and its own");
        sync(a);
        assertFalse(a.admit(client, "tiny", "calls").allowed(), "a now counts b's call");
    }

    @Test
    void aRefusalOnAnotherReplicasUnsettledReservationIsMarkedStaleAndTheSyncedViewAdmits() {
        RateLimiter a = new RateLimiter(config, usage);
        RateLimiter b = new RateLimiter(config, usage);
        String tenant = "stale-" + System.nanoTime();
        // the tiny tier has 5 events an hour; a write on a reserves all 5 by its size, then takes 2 rows
        Charge write = a.admit(tenant, "tiny", Meter.EVENTS, new Meter.Estimate(1, 5));
        assertTrue(write.allowed());
        Charge own = a.admit(tenant, "tiny", Meter.EVENTS, new Meter.Estimate(1, 5));
        assertFalse(own.allowed());
        assertFalse(own.mayBeStale(), "a's own reservation: no other replica is part of a's view");
        sync(a);
        b.admit(tenant, "tiny", "events", 0, 0); // b serves the tenant too (a look costs nothing), so b syncs it
        sync(b);
        Charge early = b.admit(tenant, "tiny", Meter.EVENTS, new Meter.Estimate(1, 5));
        assertFalse(early.allowed(), "b sees a's whole reservation");
        assertTrue(early.mayBeStale(), "made of another replica's counts, so worth checking again");
        write.settle(new Outcome(true, 200, 2, 2));
        sync(a);
        sync(b);
        Charge later = b.admit(tenant, "tiny", Meter.EVENTS, new Meter.Estimate(1, 5));
        assertTrue(later.allowed(), "once both synced, the 3 events left are b's to give");
        assertEquals(3, later.decision().reserved());
    }

    @Test
    void aWriteRefusedOnAnotherReplicasReservationIsLetInOnceThatReplicaSettles() throws Exception {
        // "other" plays a second gateway replica sharing the table with this one
        RateLimiter other = new RateLimiter(config, usage);
        String tenant = "stale-http-" + System.nanoTime();
        String token = OidcResource.issuer().forged(tenant, claims -> claims.setClaim("tier", "tiny"), jws -> {
        }, "events:write");
        given().auth().oauth2(token).body("{}\n").post("/v0/events?name=customers").then().statusCode(200);
        // the other replica reserves the 4 events left for a write of its own, and syncs
        Charge theirs = other.admit(tenant, "tiny", Meter.EVENTS, new Meter.Estimate(1, 4));
        assertEquals(4, theirs.decision().reserved());
        sync(other);
        Thread.sleep(3 * config.rateLimits().syncEvery().toMillis()); // this replica has read the table since
        java.util.concurrent.CompletableFuture<Response> write = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> given().auth().oauth2(token).body("{}\n").post("/v0/events?name=customers"));
        // while this replica holds the refusal, the other's write takes 1 row of its 4, and it syncs
        Thread.sleep(config.rateLimits().syncEvery().toMillis() / 2);
        theirs.settle(new Outcome(true, 200, 1, 1));
        sync(other);
        Response answer = write.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), "refused on a view the other replica's settlement made stale: "
                + answer.asString());
        assertEquals(2, limit(answer)[0], "5 events less 1 + 1 here and 1 there");
    }

    private static void sync(RateLimiter limiter) {
        limiter.sync().await().indefinitely();
    }

    private static long[] limit(Response response) {
        Matcher m = LIMIT.matcher(response.header("RateLimit"));
        assertTrue(m.matches(), response.header("RateLimit"));
        return new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }
}
