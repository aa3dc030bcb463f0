package dev.clv.prediction;

import static io.restassured.RestAssured.given;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.MonitoredMetrics;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every metric that deploy/monitoring's alerts and this service's dashboard read is on its /q/metrics. */
@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
class MonitoredMetricsTest {
    @Test
    void theAlertsAndTheDashboardReadMetricsThisServicePublishes() {
        given().get("/v1/no-such-route").then().statusCode(Matchers.oneOf(401, 404)); // so the HTTP series exist
        MonitoredMetrics.assertPublished("prediction-service",
                () -> given().get("/q/metrics").then().statusCode(200).extract()
                        .asString());
    }
}
