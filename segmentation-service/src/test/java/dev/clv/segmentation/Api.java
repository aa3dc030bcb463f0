package dev.clv.segmentation;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Test calls to the segmentation API as one tenant with every segment and webhook scope. */
record Api(String tenant, String token) {
    static Api of(String tenant) {
        return new Api(tenant, OidcResource.token(tenant, "segments:read", "segments:write", "webhooks:write"));
    }

    /** Registers an endpoint; answers its id and secret. */
    String[] webhook(String url, String... events) {
        JsonPath created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(java.util.Map.of("url", url, "events", List.of(events))).post("/v1/webhooks").then()
                .statusCode(201).extract().jsonPath();
        return new String[]{created.getString("id"), created.getString("secret")};
    }

    String segment(String name, String criteria) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"criteria\":" + criteria + "}").post("/v1/segments").then()
                .statusCode(201).extract().path("id");
    }

    JsonPath deliveries(String webhook) {
        return given().auth().oauth2(token).get("/v1/webhooks/" + webhook + "/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    /** A bare customer row (only the id matters to criteria on customer_id). */
    void customer(String id) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement insert = db.prepareStatement("INSERT INTO segmentation.customer_state "
                        + "(tenant_id, customer_id, changed_at) VALUES (?, ?, now())")) {
            insert.setString(1, tenant);
            insert.setString(2, id);
            insert.executeUpdate();
        }
    }
}
