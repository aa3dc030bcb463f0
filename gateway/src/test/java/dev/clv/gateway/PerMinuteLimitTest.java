package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.ratelimit.RateLimiter;
import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The optional per-minute limit (seed 002's {@code RATE_LIMIT_PER_MINUTE}) over real HTTP; the test tier
 * {@code minutely} allows 1000 calls an hour and 3 a minute.
 */
@QuarkusTest
@WithGatewayInfrastructure
class PerMinuteLimitTest {
    private final RateLimiter limiter;

    PerMinuteLimitTest(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Test
    void aMinutesCallsAreLimitedBesideTheHoursAndTheTighterIsReported() throws Exception {
        String tenant = "minutely-" + System.nanoTime();
        String token = OidcResource.issuer().forged(tenant, c -> c.setClaim("tier", "minutely"), jws -> {
        }, "analytics:read");
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_500 - intoMinute); // all four calls in one minute
        }
        for (int left = 2; left >= 0; left--) {
            Response ok = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json");
            assertEquals(200, ok.statusCode());
            assertEquals("\"calls\";q=1000;w=3600, \"calls-minute\";q=3;w=60", ok.header("RateLimit-Policy"));
            assertTrue(ok.header("RateLimit").startsWith("\"calls-minute\";r=" + left + ";t="), ok.header("RateLimit"));
        }
        Response refused = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json");
        assertEquals(429, refused.statusCode());
        assertEquals("application/problem+json", refused.contentType());
        assertTrue(refused.jsonPath().getString("detail").contains("per-minute limit allows 3 calls"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, refused.header("Retry-After"));
        assertEquals("\"calls-minute\";r=0;t=" + retryAfter, refused.header("RateLimit"));
        // the refused call cost nothing from the hour
        assertEquals(997, limiter.admit(tenant, "minutely", "calls", 0, 0).remaining());
    }
}
