package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Saves evaluated in the background (chunks of 3 customers in tests): a save that prefers not to wait answers 202
 * with the progress, its members and those of a segment reading it follow, and an evaluation interrupted after a
 * committed chunk carries on from there without evaluating that chunk again. Expected members are computed here
 * from the stored customers, not by the service.
 */
@QuarkusTest
@WithPlatformInfrastructure
class BackgroundEvaluationTest {

    @Test
    void aSaveThatWouldRatherNotWaitAnswers202AndItsMembersAndItsReadersFollow() throws Exception {
        Api api = Api.of("bg-async");
        List<StoredCustomer> customers = customers(40, 7);
        StoredCustomer.store(api.tenant(), customers);

        JsonPath saved = given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .header("Prefer", "respond-async")
                .body("{\"name\":\"germany\",\"criteria\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}}")
                .post("/v1/segments").then().statusCode(202).header("Preference-Applied", "respond-async")
                .header("Location", startsWith("/v1/segments/")).header("Retry-After", "1")
                .body("evaluation.status", equalTo("running")).body("evaluation.customers_total", equalTo(40))
                .body("evaluation.customers_done", equalTo(0)).extract().jsonPath();
        String germany = saved.getString("id");
        JsonPath done = awaitDone(api, germany);
        List<String> inGermany = ids(customers, c -> "DE".equals(c.country()));
        assertEquals(40, done.getInt("customers_done"));
        assertEquals(inGermany.size(), done.getInt("entered"));
        assertEquals(inGermany, members(api, germany));

        // a reader is evaluated with the segment it reads, chunk by chunk, when that one changes
        String goldInIt = api.segment("gold there", "{\"all\":[{\"in_segment\":\"" + germany + "\"},"
                + "{\"field\":\"loyalty_tier\",\"op\":\"eq\",\"value\":\"gold\"}]}");
        assertEquals(ids(customers, c -> "DE".equals(c.country()) && "gold".equals(c.loyaltyTier())),
                members(api, goldInIt));
        given().auth().oauth2(api.token()).contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"name\":\"germany\",\"criteria\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}}")
                .put("/v1/segments/" + germany).then().statusCode(202).body("evaluation.status", equalTo("running"));
        awaitDone(api, germany);
        assertEquals(ids(customers, c -> "FR".equals(c.country())), members(api, germany));
        assertEquals(ids(customers, c -> "FR".equals(c.country()) && "gold".equals(c.loyaltyTier())),
                members(api, goldInIt));
    }

    @Test
    void anInterruptedEvaluationCarriesOnAfterItsLastCommittedChunk() throws Exception {
        Api api = Api.of("bg-resume");
        List<StoredCustomer> customers = customers(30, 11);
        StoredCustomer.store(api.tenant(), customers);
        String segment = api.segment("paying", "{\"field\":\"frequency\",\"op\":\"gte\",\"value\":1}");
        List<String> paying = ids(customers, c -> c.purchases() >= 1);
        assertEquals(paying, members(api, segment));

        // as if the service died after committing the chunk ending at the 12th customer: the memberships of the
        // customers after it were never written, and one before it is deliberately missing to show that chunk
        // is not evaluated again
        List<String> all = ids(customers, c -> true);
        String cursor = all.get(11);
        String skipped = paying.stream().filter(id -> id.compareTo(cursor) <= 0).findFirst().orElseThrow();
        try (Connection db = SchemaRows.db();
                PreparedStatement rewind = db.prepareStatement("""
                        DELETE FROM segmentation.memberships WHERE segment_id = ?::uuid
                          AND (customer_id > ? OR customer_id = ?)""");
                PreparedStatement job = db.prepareStatement("""
                        UPDATE segmentation.segment_evaluations SET status = 'running', cursor = ?,
                          customers_done = 12, entered = 0, finished_at = NULL WHERE segment_id = ?::uuid""")) {
            rewind.setString(1, segment);
            rewind.setString(2, cursor);
            rewind.setString(3, skipped);
            rewind.executeUpdate();
            job.setString(1, cursor);
            job.setString(2, segment);
            assertEquals(1, job.executeUpdate());
        }
        JsonPath done = awaitDone(api, segment);
        List<String> expected = new ArrayList<>(paying);
        expected.remove(skipped);
        assertEquals(expected, members(api, segment));
        assertEquals(30, done.getInt("customers_done"));
        assertEquals(paying.stream().filter(id -> id.compareTo(cursor) > 0).count(), done.getLong("entered"));
    }

    private static List<StoredCustomer> customers(int n, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<StoredCustomer> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            customers.add(StoredCustomer.random(random, String.format("c-%03d", i), now));
        }
        return customers;
    }

    private static List<String> ids(List<StoredCustomer> customers, Predicate<StoredCustomer> matching) {
        return customers.stream().filter(matching).map(StoredCustomer::id).filter(Objects::nonNull).sorted()
                .toList();
    }

    private static JsonPath awaitDone(Api api, String segment) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonPath evaluation = given().auth().oauth2(api.token()).get("/v1/segments/" + segment + "/evaluation")
                    .then().statusCode(200).extract().jsonPath();
            if ("done".equals(evaluation.getString("status")) || System.currentTimeMillis() > deadline) {
                assertEquals("done", evaluation.getString("status"), "finished within 30 s");
                return evaluation;
            }
            Thread.sleep(100);
        }
    }

    private static List<String> members(Api api, String segment) {
        return given().auth().oauth2(api.token()).queryParam("limit", 1000).get("/v1/segments/" + segment
                + "/customers").then().statusCode(200).extract().jsonPath().getList("data.customer_id", String.class);
    }
}
