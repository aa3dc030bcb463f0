package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the read model's database would refuse is refused at the door, per row, naming the field; a gzip body is
 * held to the body limit by what it inflates to; an array past the row limit is refused without parsing it whole.
 */
@QuarkusTest
@WithPlatformInfrastructure
class StorableRowsTest {
    private static final String TOKEN = OidcResource.token("storable", "events:write");

    @Test
    void textPostgresCannotStoreIsARowErrorNamingTheField() {
        String c = UUID.randomUUID().toString();
        String rows = String.join("\n",
                "{\"transaction_id\":\"n1-" + c + "\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1,\"channel\":\"we\\u0000b\"}",
                "{\"transaction_id\":\"n2-" + c + "\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1,\"note\":{\"deep\":[\"ok\",\"bad\\ud800\"]}}",
                "{\"transaction_id\":\"n3-" + c + "\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1,\"attributes\":{\"k\\u0000\":1}}",
                "{\"transaction_id\":\"n4-" + c + "\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1,\"size\":1e400}",
                "{\"transaction_id\":\"n5-" + c + "\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1,\"note\":\"fine \\ud83d\\ude00\"}",
                // a raw NUL byte is not JSON at all: rejected as such, and quarantined escaped
                "{\"transaction_id\":\"n6\u0000\"}");
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").body(rows.getBytes(StandardCharsets.UTF_8))
                .post("/v0/events?name=transactions").then().statusCode(202)
                .body("successful_rows", equalTo(1)).body("quarantined_rows", equalTo(5))
                .body("errors[0].field", equalTo("channel")).body("errors[0].reason", startsWith("contains a NUL"))
                .body("errors[1].field", equalTo("note.deep[1]"))
                .body("errors[1].reason", startsWith("contains an unpaired surrogate"))
                .body("errors[2].field", equalTo("attributes.k\\u0000"))
                .body("errors[2].reason", startsWith("the field name contains a NUL"))
                .body("errors[3].field", equalTo("size"))
                .body("errors[4].reason", equalTo("the line is not valid JSON"));
        given().auth().oauth2(TOKEN).get("/v1/quarantine?name=transactions").then().statusCode(200)
                .body("data[0].raw", equalTo("{\"transaction_id\":\"n6\\u0000\"}"));
    }

    @Test
    void keyFieldsAreLimitedInBytesBecauseTheyKeyIndexes() {
        String c = UUID.randomUUID().toString();
        String euro = "\u20ac"; // three bytes in UTF-8
        String rows = "{\"transaction_id\":\"k1-" + c + "\",\"customer_id\":\"" + euro.repeat(86)
                + "\",\"transaction_date\":\"2024-01-01\",\"amount\":1}\n{\"transaction_id\":\"k2-" + c
                + "\",\"customer_id\":\"" + euro.repeat(85) + "\",\"transaction_date\":\"2024-01-01\","
                + "\"amount\":1,\"product_category\":\"" + "x".repeat(257) + "\"}\n{\"transaction_id\":\"k3-" + c
                + "\",\"customer_id\":\"" + euro.repeat(85) + "\",\"transaction_date\":\"2024-01-01\","
                + "\"amount\":1}";
        // by hand: 86 x 3 = 258 bytes > 256; 85 x 3 = 255 bytes is fine; a 257-byte category is refused
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").body(rows.getBytes(StandardCharsets.UTF_8))
                .post("/v0/events?name=transactions").then().statusCode(202)
                .body("successful_rows", equalTo(1)).body("quarantined_rows", equalTo(2))
                .body("errors[0].field", equalTo("customer_id")).body("errors[0].row", equalTo(1))
                .body("errors[1].field", equalTo("product_category")).body("errors[1].row", equalTo(2));
    }

    @Test
    void aGzipBodyIsLimitedByWhatItInflatesTo() throws Exception {
        // 11 MB of spaces compress to about 11 KB: declared small, inflated past the 10 MB limit
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("[".getBytes());
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 11; i++) {
                gzip.write(spaces);
            }
            gzip.write("]".getBytes());
        }
        assertTrue(zipped.size() < 100_000, "a small body on the wire: " + zipped.size());
        given().auth().oauth2(TOKEN).contentType("application/json").header("Content-Encoding", "gzip")
                .body(zipped.toByteArray()).post("/v0/events?name=customers").then().statusCode(413)
                .contentType("application/problem+json");
        given().auth().oauth2(TOKEN).contentType("application/json").header("Content-Encoding", "br")
                .body("{}").post("/v0/events?name=customers").then().statusCode(415);
    }

    @Test
    void anArrayPastTheRowLimitIsRefusedAsTheLimitIsPassed() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 100_001; i++) {
            body.append(i == 0 ? "" : ",").append("{}");
        }
        given().auth().oauth2(TOKEN).contentType("application/json").body(body.append("]").toString())
                .post("/v0/events?name=customers").then().statusCode(413);
        // a malformed array after good elements is still a whole-body 400, nothing accepted
        given().auth().oauth2(TOKEN).contentType("application/json").body("[{\"customer_id\":\"a\"},{\"customer")
                .post("/v0/events?name=customers").then().statusCode(400);
    }
}
