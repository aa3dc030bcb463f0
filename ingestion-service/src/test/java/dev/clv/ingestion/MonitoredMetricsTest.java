package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.MonitoredMetrics;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** Every metric that deploy/monitoring's alerts and this service's dashboard read is on its /q/metrics. */
@QuarkusTest
@WithPlatformInfrastructure
class MonitoredMetricsTest {
    @Test
    void theAlertsAndTheDashboardReadMetricsThisServicePublishes() {
        assertFalse(MonitoredMetrics.of("ingestion-service").isEmpty(),
                "the service has a dashboard and alerts to check");
        given().get("/v1/no-such-route").then().statusCode(Matchers.oneOf(401, 404)); // so the HTTP series exist
        assertEquals(Set.of(),
                MonitoredMetrics.missingAfterScrapes("ingestion-service", () -> given().get("/q/metrics").then()
                        .statusCode(200).extract().asString()));
    }
}
