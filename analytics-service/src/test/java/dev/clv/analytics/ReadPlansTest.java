package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No read endpoint scans the transactions table. Every endpoint is called with PostgreSQL's auto_explain on, so the
 * plan of every statement it really ran, with its real parameters, is read back from the server's JSON log
 * (sequential scans priced out, so a Seq Scan shows only where no index can serve). Only these reads may touch
 * transactions: one customer's timeline through the customer index, and index-only scans of a time range (the
 * retention report's window, the partial days at the edges of an RFM window).
 */
@QuarkusTest
@WithPlatformInfrastructure
class ReadPlansTest {
    private static final List<String> ENDPOINTS = List.of("/v0/pipes/customer_ltv.json",
            "/v0/pipes/ltv_by_cohort.json", "/v0/pipes/ltv_influencing_factors.json",
            "/v0/pipes/customer_retention_analysis.json", "/v0/pipes/ltv_forecast.json",
            "/v0/pipes/customer_segmentation.json",
            "/v0/pipes/customer_segmentation.json?start_date=2024-01-01&end_date=2024-03-31",
            // partial days at both edges: whole days from the rollup, the edges from the time index
            "/v0/pipes/customer_segmentation.json?start_date=2024-01-01 06:30:00&end_date=2024-03-31T18:00:00Z",
            "/v0/pipes/customer_ltv.json?start_date=2023-06-01 12:00:00",
            "/v1/customers", "/v1/customers?sort=purchase_count&order=asc",
            "/v1/customers?sort=last_purchase_at", "/v1/customers?sort=registration_date&country=DE",
            "/v1/customers?sort=customer_id", "/v1/customers/cust-1", "/v1/customers/cust-1/timeline",
            "/v1/reports/acquisition?granularity=month&timezone=Europe/Berlin",
            "/v1/reports/retention?granularity=week&timezone=Asia/Kolkata", "/v1/reports/engagement",
            "/v1/reports/revenue?granularity=month", "/v1/reports/currency-rates",
            "/v1/marketing/customer-health-overview", "/v1/marketing/churn-risk-customers",
            "/v1/marketing/loyalty-program-metrics", "/v1/marketing/customer-segmentation",
            "/v1/product/digital-engagement-analysis", "/v1/product/cross-sell-opportunities",
            "/v1/product/category-insights", "/v1/finance/customer-lifetime-value", "/v1/finance/revenue-analysis",
            "/v1/finance/rfm-segmentation", "/v1/finance/profitability-metrics",
            "/v1/customer-success/support-insights", "/v1/customer-success/lifecycle-analysis",
            "/v1/analytics/customer-profiles", "/v1/analytics/customer-profiles?min_health_score=3.5",
            "/v1/events", "/v1/events?customer_id=cust-1", "/v1/events?event_type=page_view",
            "/v1/events?properties.page=home&from=2024-01-01", "/v1/customers?registered_from=2024-01-01 10:00:00",
            "/v1/products", "/v1/products?sort=buyers&from=2024-01&to=2024-06&category=books",
            "/v1/products/" + GeneratedTenant.DATA.transactions().get(0).productId() + "?from=2024-01-01",
            "/v1/data-quality/consistency");

    @Test
    void noEndpointScansTheTransactionsTable() throws Exception {
        GeneratedTenant.ensureLoaded();
        List<JsonNode> plans = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                Statement st = db.createStatement()) {
            long logged = logLength();
            // as autovacuum keeps it in production: statistics current, visibility map set for index-only scans
            st.execute("VACUUM (ANALYZE) analytics.transactions");
            // sequential scans priced out: one appears only where no index can serve the statement
            st.execute("ALTER SYSTEM SET auto_explain.log_min_duration = 0");
            st.execute("ALTER SYSTEM SET enable_seqscan = off");
            st.execute("SELECT pg_reload_conf()");
            try {
                for (String endpoint : ENDPOINTS) {
                    given().auth().oauth2(GeneratedTenant.token()).get(endpoint).then().statusCode(200);
                }
            } finally {
                st.execute("ALTER SYSTEM RESET auto_explain.log_min_duration");
                st.execute("ALTER SYSTEM RESET enable_seqscan");
                st.execute("SELECT pg_reload_conf()");
            }
            Thread.sleep(500); // the logging collector writes asynchronously
            plans.addAll(readPlans(logged));
        }
        assertTrue(plans.size() >= 30, "every endpoint's statements were explained: " + plans.size());
        int touching = 0;
        for (JsonNode explained : plans) {
            touching += check(explained.path("Query Text").asText(), explained.path("Plan"));
        }
        assertTrue(touching >= 4, "the timeline, the retention report and an RFM window's two edges read "
                + "transactions' indexes, and were seen doing so: the check can fail");
    }

    /** The plans auto_explain logged after {@code offset} bytes of the log, for reads of the analytics schema. */
    private static List<JsonNode> readPlans(long offset) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        String log = new String(Files.readAllBytes(logFile()), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : log.substring((int) Math.min(offset, log.length())).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String message = json.readTree(line).path("message").asText();
            int start = message.indexOf('{');
            if (!message.contains("plan:") || start < 0) {
                continue;
            }
            JsonNode explained = json.readTree(message.substring(start));
            String sql = explained.path("Query Text").asText();
            if (sql.contains("analytics.") && !sql.matches("(?is).*\\b(insert|update|delete)\\b.*")) {
                out.add(explained);
            }
        }
        return out;
    }

    private static Path logFile() throws java.io.IOException {
        try (var files = Files.list(PostgresResource.logDirectory())) {
            return files.filter(f -> f.toString().endsWith(".json")).max(java.util.Comparator.naturalOrder())
                    .orElseThrow();
        }
    }

    private static long logLength() throws java.io.IOException {
        return Files.size(logFile());
    }

    /** Fails on a forbidden access to transactions in the plan; answers how many accesses it has. */
    private static int check(String sql, JsonNode plan) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(plan, nodes);
        int touching = 0;
        for (JsonNode node : nodes) {
            // every listing of events is served by one of its indexes, whatever the filters
            if ("events".equals(node.path("Relation Name").asText()) && node.path("Node Type").asText().equals(
                    "Seq Scan")) {
                fail("Seq Scan on events in:\n" + sql + "\n" + plan.toPrettyString());
            }
            if (!"transactions".equals(node.path("Relation Name").asText())) {
                continue;
            }
            touching++;
            String type = node.path("Node Type").asText();
            String index = node.path("Index Name").asText();
            // the retention report's window, and the partial days at the edges of an RFM window: index-only reads
            // of a time range of the tenant's transactions
            boolean retention = type.equals("Index Only Scan") && index.equals("transactions_by_time")
                    && node.path("Index Cond").asText().contains("transaction_date");
            // one customer's rows through the customer index, directly or as a bitmap (the planner picks either)
            JsonNode bitmap = node.path("Plans").path(0);
            boolean oneCustomer = type.equals("Index Scan") && index.equals("transactions_customer")
                    && node.path("Index Cond").asText().contains("customer_id")
                    || type.equals("Bitmap Heap Scan") && bitmap.path("Node Type").asText().equals("Bitmap Index Scan")
                            && bitmap.path("Index Name").asText().equals("transactions_customer")
                            && bitmap.path("Index Cond").asText().contains("customer_id");
            if (!retention && !oneCustomer) {
                fail(type + " " + index + " on transactions in:\n" + sql + "\n" + plan.toPrettyString());
            }
        }
        return touching;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        node.path("Plans").forEach(child -> collect(child, out));
    }
}
