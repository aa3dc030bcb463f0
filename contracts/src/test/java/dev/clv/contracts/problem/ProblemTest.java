package dev.clv.contracts.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.JsonCustomizer;

/** A problem reads as RFC 9457 and as the seed 002 error envelope, with whichever mapper writes it. */
class ProblemTest {
    private static final List<String> MEMBERS = List.of("type", "title", "status", "detail", "instance", "errors",
            "success", "error_type", "error_message", "timestamp", "error_details");

    private static ObjectMapper platformMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    @Test
    void bothKindsOfClientFindTheirMembersInOrder() throws Exception {
        Problem problem = ProblemException.badRequest("limit", "must be between 1 and 1000").problem()
                .withInstance("/v1/customers");
        // a plain mapper (what Vert.x would use without Quarkus') and the platform's snake_case one agree
        for (ObjectMapper mapper : List.of(new ObjectMapper(), platformMapper())) {
            JsonNode json = mapper.readTree(mapper.writeValueAsString(problem));
            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            assertEquals(MEMBERS, names);
            assertEquals("about:blank", json.get("type").asText());
            assertEquals("Bad Request", json.get("title").asText());
            assertEquals(400, json.get("status").asInt());
            assertEquals("Invalid parameter 'limit': must be between 1 and 1000", json.get("detail").asText());
            assertEquals("/v1/customers", json.get("instance").asText());
            assertEquals("limit", json.get("errors").get(0).get("field").asText());
            assertFalse(json.get("success").asBoolean(true));
            assertEquals(true, json.get("success").isBoolean());
            assertEquals("BadRequest", json.get("error_type").asText());
            assertEquals(json.get("detail").asText(), json.get("error_message").asText());
            assertEquals(problem.timestamp(), Instant.parse(json.get("timestamp").asText()));
            assertEquals(true, json.get("timestamp").asText().endsWith("Z"));
            assertEquals(400, json.get("error_details").get("status_code").asInt());
            assertEquals(1, json.get("error_details").size());
        }
    }

    @Test
    void extensionMembersFollowTheStandardOnesAndEmptyOnesAreLeftOut() throws Exception {
        Problem problem = Problem.of(503, "Service Unavailable", "Kafka is away.").with("successful_rows", 2)
                .with("failed_rows", List.of(3, 4));
        JsonNode json = platformMapper().readTree(platformMapper().writeValueAsString(problem));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        // no instance, no errors: RFC 9457 members are optional, and absent rather than null
        assertEquals(List.of("type", "title", "status", "detail", "success", "error_type", "error_message",
                "timestamp", "error_details", "successful_rows", "failed_rows"), names);
        assertEquals("ServiceUnavailable", json.get("error_type").asText());
        assertEquals(4, json.get("failed_rows").get(1).asInt());
    }

    @Test
    void errorTypesAreTheStatusNamesNotTheTitles() {
        assertEquals("NotFound", Problem.of(404, "No such customer", "x").errorType());
        assertEquals("UnprocessableContent", ErrorTypes.of(422));
        assertEquals("ContentTooLarge", ErrorTypes.of(413));
        assertEquals("TooManyRequests", ErrorTypes.of(429));
        assertEquals("InternalServerError", ErrorTypes.of(500));
        assertEquals("GatewayTimeout", ErrorTypes.of(504));
        assertEquals("ClientError", ErrorTypes.of(499));
        assertEquals("ServerError", ErrorTypes.of(599));
    }
}
