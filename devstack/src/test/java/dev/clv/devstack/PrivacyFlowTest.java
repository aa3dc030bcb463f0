package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static dev.clv.devstack.SeedClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Privacy requests through the gateway against the whole platform: an export gathers what every service holds, an
 * erase removes a customer from every answer and every table of every schema (checked by reading each table's rows
 * as text) while one service is killed mid-request, and suppress drops the customer's rows at the door.
 */
@ExtendWith(SharedStack.class)
class PrivacyFlowTest {

    @Test
    void anEraseSurvivesAKillAndLeavesNoRowAnywhereWhileSuppressDropsLaterRows() throws Exception {
        Stack stack = SharedStack.stack();
        SeedClient api = new SeedClient(stack.url("gateway"), stack.token("privacy-e2e"));
        String erased = "erase-me-" + UUID.randomUUID();
        String kept = "keep-me-" + UUID.randomUUID();
        // row ids of their own: dedup keeps row ids after an erase, and they must not spell the customer's id
        String row = "row-" + UUID.randomUUID();
        try (SignedReceiver receiver = new SignedReceiver(1)) {
            assertEquals(201, api.postJson("/v1/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"segment.customer_added\"]}").statusCode());
            // 201 when evaluated within half a second, else 202 while it goes on in the background
            int saved = api.postJson("/v1/segments", "{\"name\":\"bought\",\"criteria\":{\"field\":"
                    + "\"total_spent\",\"op\":\"gte\",\"value\":10}}").statusCode();
            assertTrue(saved == 201 || saved == 202, "saved: " + saved);
            accepted(api.postJson("/v1/customers?wait=true", "{\"customer_id\":\"" + erased
                    + "\",\"email\":\"ann@example.com\",\"name\":\"Ann Erase\"}"));
            String rows = """
                    {"transaction_id":"%3$s-1","customer_id":"%1$s","transaction_date":"2024-06-01","amount":25}
                    {"transaction_id":"%3$s-2","customer_id":"%1$s","transaction_date":"not a date","amount":1}
                    {"transaction_id":"%3$s-3","customer_id":"%2$s","transaction_date":"2024-06-01","amount":40}
                    """.formatted(erased, kept, row);
            JsonNode written = JSON.readTree(api.curlData("/v0/events?name=transactions&wait=true", rows).body());
            assertEquals(2, written.get("successful_rows").asInt(), written.toString());
            assertEquals(1, written.get("quarantined_rows").asInt(), written.toString());
            await(() -> receiver.received().stream().anyMatch(r -> r.body().contains(erased)), 60, "the webhook");
            await(() -> api.get("/v1/customers/" + erased + "/segments").body().contains("segment_id"), 60,
                    "the segment stay");

            // export: everything before
            JsonNode export = exportOf(api, erased);
            String before = export.toString();
            assertTrue(before.contains(row + "-1"), "the transaction: " + before);
            assertTrue(before.contains("not a date"), "the quarantined row: " + before);
            assertTrue(before.contains("ann@example.com"), "the profile: " + before);
            assertTrue(before.contains("segment.customer_added"), "the webhook delivery: " + before);

            // erase, killing the analytics service while it runs
            String erase = submit(api, "erase", erased);
            stack.kill("analytics-service");
            stack.restart("analytics-service", System.out);
            JsonNode done = awaitDone(api, erase);
            assertEquals("completed", done.get("status").asText(), done.toString());

            assertEquals(404, api.get("/v1/customers/" + erased).statusCode());
            String ltv = api.get("/v0/pipes/customer_ltv.json?limit=100").body();
            assertTrue(!ltv.contains(erased) && ltv.contains(kept), ltv);
            assertEquals(List.of(), tablesNaming(stack, erased), "rows still naming the erased customer");
            assertTrue(!exportOf(api, erased).toString().contains(row + "-1"), "nothing after");

            // suppress: the customer's rows are dropped at the door, the others kept
            assertEquals("completed", awaitDone(api, submit(api, "suppress", erased)).get("status").asText());
            JsonNode dropped = JSON.readTree(api.curlData("/v0/events?name=transactions&wait=true", """
                    {"transaction_id":"%3$s-4","customer_id":"%1$s","transaction_date":"2024-07-01","amount":5}
                    {"transaction_id":"%3$s-5","customer_id":"%2$s","transaction_date":"2024-07-01","amount":5}
                    """.formatted(erased, kept, row)).body());
            assertEquals(1, dropped.get("suppressed_rows").asInt(), dropped.toString());
            assertEquals(1, dropped.get("successful_rows").asInt(), dropped.toString());
            // nothing stored of the rows; the one row naming the customer is the export asked after the erase,
            // which keeps its ids to answer (docs/privacy.md); the suppression itself holds a hash
            assertEquals(List.of("ingestion.privacy_requests (1)"), tablesNaming(stack, erased),
                    "a suppressed customer's rows are not stored");
        }
    }

    private static JsonNode exportOf(SeedClient api, String customer) throws Exception {
        String id = submit(api, "export", customer);
        assertEquals("completed", awaitDone(api, id).get("status").asText());
        HttpResponse<String> export = api.get("/v1/privacy/requests/" + id + "/export");
        assertEquals(200, export.statusCode(), export.body());
        return JSON.readTree(export.body());
    }

    private static String submit(SeedClient api, String type, String customer) throws Exception {
        HttpResponse<String> answer = api.postJson("/v1/privacy/requests",
                "{\"type\":\"" + type + "\",\"customer_ids\":[\"" + customer + "\"]}");
        assertEquals(202, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).get("id").asText();
    }

    private static JsonNode awaitDone(SeedClient api, String id) throws Exception {
        return api.await("/v1/privacy/requests/" + id, r -> !r.get("status").asText().matches("pending|running"),
                120);
    }

    private static void accepted(HttpResponse<String> answer) {
        assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
    }

    // every table of every schema, each row read as text: a column added tomorrow is searched too
    private static List<String> tablesNaming(Stack stack, String customer) throws Exception {
        List<String> naming = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres")
                + "/postgres", "postgres", "postgres")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT quote_ident(table_schema) || '.' || "
                    + "quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                    + "AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var statement = db.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?")) {
                    statement.setString(1, "%" + customer + "%");
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            naming.add(table + " (" + rs.getLong(1) + ")");
                        }
                    }
                }
            }
        }
        return naming;
    }

}
