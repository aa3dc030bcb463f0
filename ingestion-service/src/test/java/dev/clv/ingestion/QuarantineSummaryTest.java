package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /v1/quarantine/summary over rows refused by the real write API: rows moved by hand to instants around Berlin's
 * autumn DST change (the 25-hour day 2025-10-26) and its day boundaries, counted per local day of the zone asked
 * for; rows received now in the default range; the 100-group cap of by_reason; another tenant's rows never counted;
 * bad parameters named.
 */
@QuarkusTest
@WithPlatformInfrastructure
class QuarantineSummaryTest {
    private static final String AMOUNT = "must be a decimal number";
    private static final String REQUIRED = "required";
    private static final String AGE = "must be a whole number from 0 to 150";

    @Test
    void rowsAreCountedPerLocalDayAcrossTheDstChange() throws Exception {
        String tenant = "qs-" + UUID.randomUUID();
        String other = "qs-other-" + UUID.randomUUID();
        refuse(tenant, "transactions", 7, tx("r1", "\"abc\""), tx("r2", "\"abc\""), tx("r3", "\"abc\""),
                noCustomer("r4"), noCustomer("r5"), noCustomer("r6"), tx("r7", "\"abc\""));
        refuse(tenant, "customers", 3, tooOld("r8"), tooOld("r9"), tooOld("r10"));
        // Berlin is at +02:00 until 2025-10-26 01:00Z (03:00 local), then at +01:00
        place(tenant, "r1", "2025-10-24T21:59:59Z"); // 10-24 23:59:59 +02:00: the day before the range
        place(tenant, "r2", "2025-10-24T22:00:00Z"); // 10-25 00:00:00 +02:00: the range's first instant
        place(tenant, "r3", "2025-10-25T21:59:59Z"); // 10-25 23:59:59 +02:00
        place(tenant, "r4", "2025-10-25T22:00:00Z"); // 10-26 00:00:00 +02:00
        place(tenant, "r5", "2025-10-26T00:30:00Z"); // 10-26 02:30 +02:00, the first time round
        place(tenant, "r6", "2025-10-26T01:30:00Z"); // 10-26 02:30 +01:00, the second time round
        place(tenant, "r7", "2025-10-26T22:59:59Z"); // 10-26 23:59:59 +01:00 (at a fixed +02:00: the 27th)
        place(tenant, "r8", "2025-10-26T23:00:00Z"); // 10-27 00:00:00 +01:00
        place(tenant, "r9", "2025-10-27T22:59:59Z"); // 10-27 23:59:59 +01:00: the range's last second
        place(tenant, "r10", "2025-10-27T23:00:00Z"); // 10-28 00:00:00 +01:00: after the range
        // the other tenant: the same ids at the same instants, in the range both in Berlin and in UTC
        refuse(other, "transactions", 1, tx("r3", "\"abc\""));
        refuse(other, "customers", 1, tooOld("r8"));
        place(other, "r3", "2025-10-25T21:59:59Z");
        place(other, "r8", "2025-10-26T23:00:00Z");

        JsonPath berlin = summary(tenant, "?from=2025-10-25&to=2025-10-27&timezone=Europe/Berlin");
        assertEquals("2025-10-25", berlin.getString("from"));
        assertEquals("2025-10-27", berlin.getString("to"));
        assertEquals("Europe/Berlin", berlin.getString("timezone"));
        // r2 to r9: 8 rows; transactions r2-r7 (6), customers r8, r9 (2)
        assertEquals(8, berlin.getInt("total_rows"));
        assertEquals(List.of(Map.of("data_source", "transactions", "rows", 6), Map.of("data_source", "customers",
                "rows", 2)), berlin.getList("by_source"));
        // 10-25: r2, r3; 10-26 (25 hours): r4, r5, r6, r7; 10-27: r8, r9
        assertEquals(List.of(day("2025-10-25", 2), day("2025-10-26", 4), day("2025-10-27", 2)),
                berlin.getList("by_day"));
        // amount r2, r3, r7 and customer_id r4, r5, r6: 3 each, by field name then; age r8, r9
        assertEquals(List.of(reason("transactions", "amount", AMOUNT, 3, "2025-10-26T23:59:59+01:00"),
                reason("transactions", "customer_id", REQUIRED, 3, "2025-10-26T02:30:00+01:00"),
                reason("customers", "age", AGE, 2, "2025-10-27T23:59:59+01:00")), reasons(berlin));
        assertFalse(berlin.getBoolean("more_reasons"));

        // the same days in UTC (the default zone) hold other rows: r3 to r10
        JsonPath utc = summary(tenant, "?from=2025-10-25&to=2025-10-27");
        assertEquals("UTC", utc.getString("timezone"));
        assertEquals(8, utc.getInt("total_rows"));
        // transactions r3-r7 (5), customers r8, r9, r10 (3)
        assertEquals(List.of(Map.of("data_source", "transactions", "rows", 5), Map.of("data_source", "customers",
                "rows", 3)), utc.getList("by_source"));
        // 10-25: r3, r4 (22:00Z); 10-26: r5, r6, r7, r8 (23:00Z); 10-27: r9, r10
        assertEquals(List.of(day("2025-10-25", 2), day("2025-10-26", 4), day("2025-10-27", 2)),
                utc.getList("by_day"));
        // age r8, r9, r10: 3; amount r3, r7: 2; customer_id r4, r5, r6: 3
        assertEquals(List.of(reason("customers", "age", AGE, 3, "2025-10-27T23:00:00Z"),
                reason("transactions", "customer_id", REQUIRED, 3, "2025-10-26T01:30:00Z"),
                reason("transactions", "amount", AMOUNT, 2, "2025-10-26T22:59:59Z")), reasons(utc));

        // one day: the 25-hour one, and the days around the range are empty
        JsonPath dstDay = summary(tenant, "?from=2025-10-26&to=2025-10-26&timezone=Europe/Berlin");
        assertEquals(4, dstDay.getInt("total_rows"));
        assertEquals(List.of(day("2025-10-26", 4)), dstDay.getList("by_day"));
        JsonPath around = summary(tenant, "?from=2025-10-20&to=2025-10-23&timezone=Europe/Berlin");
        assertEquals(0, around.getInt("total_rows"));
        assertEquals(List.of(day("2025-10-20", 0), day("2025-10-21", 0), day("2025-10-22", 0),
                day("2025-10-23", 0)), around.getList("by_day"));
        assertEquals(List.of(), around.getList("by_source"));
        assertEquals(List.of(), around.getList("by_reason"));

        // the other tenant sees its two rows only, and counted none of the first tenant's
        JsonPath theirs = summary(other, "?from=2025-10-25&to=2025-10-27&timezone=Europe/Berlin");
        assertEquals(2, theirs.getInt("total_rows"));
        assertEquals(List.of(day("2025-10-25", 1), day("2025-10-26", 0), day("2025-10-27", 1)),
                theirs.getList("by_day"));
        assertEquals(List.of(Map.of("data_source", "customers", "rows", 1), Map.of("data_source", "transactions",
                "rows", 1)), theirs.getList("by_source"));
    }

    @Test
    void theDefaultRangeIsTheLastThirtyDaysEndingToday() {
        String tenant = "qs-now-" + UUID.randomUUID();
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        refuse(tenant, "transactions", 2, tx("n1", "\"x\""), noCustomer("n2"));
        JsonPath answer = summary(tenant, "");
        LocalDate after = LocalDate.now(ZoneOffset.UTC);
        LocalDate to = LocalDate.parse(answer.getString("to"));
        assertTrue(to.equals(before) || to.equals(after), to + " is today");
        assertEquals(to.minusDays(29).toString(), answer.getString("from"));
        List<Map<String, Object>> days = answer.getList("by_day");
        assertEquals(30, days.size());
        assertEquals(to.minusDays(29).toString(), days.get(0).get("day"));
        assertEquals(to.toString(), days.get(29).get("day"));
        // each row on the UTC day it was received, as the list of rejected rows tells
        List<String> received = given().auth().oauth2(token(tenant)).get("/v1/quarantine").then().statusCode(200)
                .extract().path("data.received_at");
        long[] expected = new long[30];
        for (String at : received) {
            LocalDate day = OffsetDateTime.parse(at).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            expected[(int) (day.toEpochDay() - to.minusDays(29).toEpochDay())]++;
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(expected[i], ((Number) days.get(i).get("rows")).longValue(), "day " + days.get(i));
        }
        assertEquals(2, answer.getInt("total_rows"));
        // a zone given, the range's last day is today there
        JsonPath tokyo = summary(tenant, "?timezone=Asia/Tokyo");
        assertEquals("Asia/Tokyo", tokyo.getString("timezone"));
        assertEquals(30, tokyo.getList("by_day").size());
        assertEquals(2, tokyo.getInt("total_rows"));
    }

    @Test
    void atMostOneHundredReasonGroupsAreAnswered() {
        String tenant = "qs-many-" + UUID.randomUUID();
        // 101 events each with an unknown field of its own (x001 to x101), and two more with the field zzz: 102
        // groups of (events, field, reason)
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            rows.add(unknownField("x%03d".formatted(i)));
        }
        rows.add(unknownField("zzz"));
        rows.add(unknownField("zzz"));
        refuse(tenant, "events", 103, rows.toArray(String[]::new));
        JsonPath answer = summary(tenant, "");
        assertEquals(103, answer.getInt("total_rows"));
        assertTrue(answer.getBoolean("more_reasons"));
        List<String> fields = answer.getList("by_reason.field");
        assertEquals(100, fields.size());
        // zzz's two rows first, then the single rows by field name: x001 to x099
        assertEquals("zzz", fields.get(0));
        assertEquals(2, answer.getInt("by_reason[0].rows"));
        for (int i = 1; i < 100; i++) {
            assertEquals("x%03d".formatted(i), fields.get(i));
            assertEquals(1, answer.getInt("by_reason[" + i + "].rows"));
        }

        // discarded through the API, one group goes: 101 groups of which 100 are answered; then 100, all answered
        discard(tenant, "x101");
        assertTrue(summary(tenant, "").getBoolean("more_reasons"));
        discard(tenant, "x100");
        JsonPath hundred = summary(tenant, "");
        assertFalse(hundred.getBoolean("more_reasons"));
        assertEquals(100, hundred.getList("by_reason").size());
        assertEquals(101, hundred.getInt("total_rows"));
    }

    @Test
    void badParametersAreNamed() {
        String token = token("qs-bad-" + UUID.randomUUID());
        badRequest(token, "?from=2025-13-01", "from");
        badRequest(token, "?from=2025-10-01&to=yesterday", "to");
        badRequest(token, "?timezone=Mars/Olympus_Mons", "timezone");
        badRequest(token, "?from=2025-10-02&to=2025-10-01", "to");
        // 2025-01-01 to 2026-01-02: 365 + 2 = 367 days
        badRequest(token, "?from=2025-01-01&to=2026-01-02", "from");
        // the leap year 2024 is 366 days: the most a range may hold
        assertEquals(366, given().auth().oauth2(token).get("/v1/quarantine/summary?from=2024-01-01&to=2024-12-31")
                .then().statusCode(200).extract().jsonPath().getList("by_day").size());
        given().auth().oauth2(OidcResource.token("qs-bad", "analytics:read")).get("/v1/quarantine/summary").then()
                .statusCode(403);
        given().get("/v1/quarantine/summary").then().statusCode(401);
    }

    private static void badRequest(String token, String query, String field) {
        given().auth().oauth2(token).get("/v1/quarantine/summary" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }

    private static String token(String tenant) {
        return OidcResource.token(tenant, "events:write");
    }

    private static JsonPath summary(String tenant, String query) {
        return given().auth().oauth2(token(tenant)).get("/v1/quarantine/summary" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Sends the rows to the write API; every one of them must be refused. */
    private static void refuse(String tenant, String source, int refused, String... rows) {
        given().auth().oauth2(token(tenant)).contentType("application/x-ndjson")
                .body(String.join("\n", rows).getBytes()).post("/v0/events?name=" + source).then().statusCode(202)
                .body("quarantined_rows", equalTo(refused)).body("successful_rows", equalTo(0));
    }

    /** Moves the received time of the tenant's quarantined row whose raw text holds the id. */
    private static void place(String tenant, String id, String at) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement update = db.prepareStatement("UPDATE ingestion.quarantined_rows SET received_at = ? "
                        + "WHERE tenant_id = ? AND raw LIKE ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.parse(at)));
            update.setString(2, tenant);
            update.setString(3, "%\"" + id + "\"%");
            assertEquals(1, update.executeUpdate(), id);
        }
    }

    private static void discard(String tenant, String field) {
        List<Map<String, Object>> rows = given().auth().oauth2(token(tenant)).get("/v1/quarantine?limit=1000").then()
                .statusCode(200).extract().path("data");
        String id = (String) rows.stream().filter(r -> field.equals(r.get("field"))).findFirst().orElseThrow()
                .get("id");
        given().auth().oauth2(token(tenant)).delete("/v1/quarantine/" + id).then().statusCode(204);
    }

    private static String tx(String id, String amount) {
        return "{\"transaction_id\":\"" + id + "\",\"customer_id\":\"c1\",\"transaction_date\":\"2025-10-01\","
                + "\"amount\":" + amount + "}";
    }

    private static String noCustomer(String id) {
        return "{\"transaction_id\":\"" + id + "\",\"transaction_date\":\"2025-10-01\",\"amount\":5}";
    }

    private static String tooOld(String id) {
        return "{\"customer_id\":\"" + id + "\",\"age\":200}";
    }

    private static String unknownField(String field) {
        return "{\"customer_id\":\"c1\",\"event_type\":\"view\",\"timestamp\":\"2025-10-01T10:00:00Z\",\"" + field
                + "\":1}";
    }

    private static Map<String, Object> day(String day, int rows) {
        return Map.of("day", day, "rows", rows);
    }

    private static List<String> reasons(JsonPath answer) {
        List<Map<String, Object>> groups = answer.getList("by_reason");
        return groups.stream().map(g -> g.get("data_source") + "|" + g.get("field") + "|" + g.get("reason") + "|"
                + g.get("rows") + "|" + g.get("last_received_at")).toList();
    }

    private static String reason(String source, String field, String reason, int rows, String last) {
        return source + "|" + field + "|" + reason + "|" + rows + "|" + last;
    }
}
