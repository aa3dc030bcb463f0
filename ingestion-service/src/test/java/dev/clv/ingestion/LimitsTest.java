package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithPlatformInfrastructure
class LimitsTest {
    private static final String TOKEN = OidcResource.token("limits", "events:write");

    @Test
    void aBodyDeclaredOverTenMegabytesIs413BeforeAnyOfItIsRead() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /v0/events?name=transactions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/x-ndjson\r\n"
                    + "Content-Length: 20000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
        }
    }

    @Test
    void anOversizedRowIsRejectedOnItsOwn() {
        String big = "x".repeat(70_000);
        String rows = "{\"customer_id\":\"ok\"}\n{\"customer_id\":\"big\",\"note\":\"" + big + "\"}\n";
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").body(rows.getBytes())
                .post("/v0/events?name=customers").then().statusCode(202)
                .body("successful_rows", equalTo(1)).body("errors[0].row", equalTo(2))
                .body("errors[0].reason", containsString("larger than"));
    }

    @Test
    void aRowNestedTooDeepIsRejectedOnItsOwn() {
        String deep = "{\"a\":".repeat(9) + "1" + "}".repeat(9);
        given().auth().oauth2(TOKEN).contentType("application/json")
                .body("[{\"customer_id\":\"deep\",\"attributes\":" + deep + "}]").post("/v0/events?name=customers")
                .then().statusCode(202).body("quarantined_rows", equalTo(1))
                .body("errors[0].reason", containsString("nested deeper"));
    }
}
