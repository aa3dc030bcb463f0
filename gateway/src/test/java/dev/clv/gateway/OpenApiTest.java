package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithGatewayInfrastructure
class OpenApiTest {

    @Test
    void oneDocumentHoldsEveryPublicRouteWithItsScopeAndBothSecuritySchemes() throws Exception {
        String json = given().get("/openapi").then().statusCode(200).contentType("application/json").extract()
                .asString();
        JsonNode doc = new ObjectMapper().readTree(json);
        JsonNode pipe = doc.at("/paths/~1v0~1pipes~1{name}/get");
        assertEquals("analytics:read", pipe.at("/security/0/bearer/0").asText());
        assertEquals("analytics:read", pipe.at("/security/1/apiKey/0").asText());
        assertTrue(pipe.path("description").asText().contains("Requires scope `analytics:read`"));
        assertEquals("name", doc.at("/paths/~1v0~1pipes~1{name}/parameters/0/name").asText(), "kept as is");
        assertTrue(doc.at("/paths/~1internal~1reindex").isMissingNode(), "a route the gateway does not expose");
        // the gateway's own routes are there too, with the admin scope
        assertEquals("admin", doc.at("/paths/~1v1~1api-keys/post/security/0/bearer/0").asText());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("X-API-Key", doc.at("/components/securitySchemes/apiKey/name").asText());
        assertFalse(doc.at("/components/schemas/Problem").isMissingNode());
        assertEquals("prediction", doc.at("/x-unavailable-upstreams/0").asText(), "its port has no listener");

        String yaml = given().queryParam("format", "yaml").get("/openapi").then().statusCode(200)
                .contentType("application/yaml").extract().asString();
        assertEquals(doc, new YAMLMapper().readTree(yaml));
        assertEquals(doc, new YAMLMapper().readTree(given().get("/openapi.yaml").asString()));
    }

    @Test
    void redocIsServedAtRedocWithItsBundleFromTheGatewayItself() {
        String page = given().get("/redoc").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertTrue(page.contains("<redoc spec-url=\"/openapi\">"), page);
        assertTrue(page.contains("<script src=\"/redoc/redoc.standalone.js\">"), page);
        assertFalse(page.contains("http"), "the page loads nothing from elsewhere: " + page);
        String bundle = given().get("/redoc/redoc.standalone.js").then().statusCode(200)
                .contentType(containsString("javascript")).extract().asString();
        assertTrue(bundle.length() > 500_000 && bundle.contains("Redoc"), "the standalone bundle");
    }

    @Test
    void swaggerUiIsServedAtDocs() {
        given().get("/docs/").then().statusCode(200).contentType(containsString("html"));
    }
}
