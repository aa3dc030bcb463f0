package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.MonitoredMetrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Health and metrics answer on the management port only; the public port knows nothing of them. */
@QuarkusTest
@WithGatewayInfrastructure
class ManagementInterfaceTest {
    // relative to the management interface's root, /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void managementEndpointsAreNotOnThePublicPort() {
        for (String path : new String[]{"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live",
                "/q/health/started"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPort() {
        assertNotEquals(RestAssured.port, ready.getPort());
        assertEquals("/q/health/ready", ready.getPath());
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void theAlertsAndTheDashboardReadMetricsTheGatewayPublishes() {
        given().get("/v1/customers").then().statusCode(401); // a request, so that the HTTP series exist
        MonitoredMetrics.assertPublished("gateway", () -> given().get(metrics).then().statusCode(200).extract()
                .asString());
    }
}
