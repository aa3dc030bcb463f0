package dev.clv.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The pages and exports timed, each with the API calls the console makes for it over the view's default range. */
final class ConsolePages {
    static final String VIEWER = "viewer";
    static final String ANALYST = "analyst";

    private ConsolePages() {
    }

    /** What the console calls for one page, in its order. */
    @FunctionalInterface
    interface Plan {
        void run(ApiCalls api) throws Exception;
    }

    /** A page or export: its name, its path under /app, who opens it, its goal (0: none), its API calls. */
    record Page(String name, String path, String user, long goalMillis, Plan plan) {
    }

    static List<Page> all(String product, String customer) {
        return List.of(
                new Page("dashboard (30 days)", "/app/dashboard", VIEWER, 1000, ConsolePages::dashboard),
                new Page("cohorts", "/app/cohorts", VIEWER, 1000, ConsolePages::cohorts),
                new Page("rfm", "/app/rfm", VIEWER, 1000, api -> rfm(api, null, null)),
                new Page("rfm cell r=5 f=5", "/app/rfm?r=5&f=5", VIEWER, 1000, api -> rfm(api, "5", "5")),
                new Page("at-risk", "/app/at-risk", VIEWER, 1000, api -> api.get("churn-risk-customers",
                        "/v1/marketing/churn-risk-customers?reference_date=" + today() + "&limit=1000"
                                + "&min_lifetime_value=0")),
                new Page("products", "/app/products", VIEWER, 1000, ConsolePages::products),
                new Page("product " + product, "/app/products/" + segment(product), VIEWER, 1000,
                        api -> product(api, product)),
                new Page("ltv", "/app/ltv", VIEWER, 1000, api -> api.get("ltv_by_cohort?predictions",
                        "/v0/pipes/ltv_by_cohort.json?" + wholeMonths(730) + "&predictions=true&limit=1000")),
                new Page("acquisition", "/app/acquisition", VIEWER, 1000, api -> api.get("ltv_influencing_factors",
                        "/v0/pipes/ltv_influencing_factors.json")),
                new Page("data-quality (analyst)", "/app/data-quality", ANALYST, 1000, ConsolePages::dataQuality),
                new Page("customers", "/app/customers", VIEWER, 1000, api -> api.get("customers?sort=ltv",
                        "/v1/customers?sort=ltv&order=desc&limit=50")),
                new Page("customers?sort=purchase_count", "/app/customers?sort=purchase_count", VIEWER, 1000,
                        api -> api.get("customers?sort=purchase_count",
                                "/v1/customers?sort=purchase_count&order=desc&limit=50")),
                new Page("customer " + customer, "/app/customers/" + segment(customer), VIEWER, 1000,
                        api -> customer(api, customer)),
                new Page("dashboard.pdf", "/app/dashboard.pdf", VIEWER, 3000, ConsolePages::dashboard),
                new Page("cohorts.csv", "/app/cohorts.csv", VIEWER, 0, ConsolePages::cohorts),
                new Page("products.xlsx", "/app/products.xlsx", VIEWER, 0, ConsolePages::products));
    }

    // DashboardView: the range's revenue and retention reports, the period before's, then the customer figures
    private static void dashboard(ApiCalls api) throws Exception {
        LocalDate from = from(30);
        LocalDate to = today();
        api.get("reports/revenue", "/v1/reports/revenue" + reportQuery(from, to));
        api.get("reports/retention", "/v1/reports/retention" + reportQuery(from, to));
        api.get("reports/revenue (before)", "/v1/reports/revenue" + reportQuery(from.minusDays(30),
                from.minusDays(1)));
        api.get("reports/retention (before)", "/v1/reports/retention" + reportQuery(from.minusDays(30),
                from.minusDays(1)));
        api.get("finance/customer-lifetime-value", "/v1/finance/customer-lifetime-value");
        // the range ends today: the two figures of a day are asked as of now, the snapshot's question
        api.get("customer-health-overview", "/v1/marketing/customer-health-overview");
        api.get("lifecycle-analysis", "/v1/customer-success/lifecycle-analysis");
    }

    private static String reportQuery(LocalDate from, LocalDate to) {
        return "?start_date=" + from + "&end_date=" + to + "&timezone=UTC&granularity=day";
    }

    private static void cohorts(ApiCalls api) throws Exception {
        api.get("customer_retention_analysis", "/v0/pipes/customer_retention_analysis.json?" + wholeMonths(365)
                + "&limit=10000");
    }

    // RfmView: the grid on the range's last day; a cell's customers from the RFM pipe, by the cell's segment
    private static void rfm(ApiCalls api, String r, String f) throws Exception {
        JsonNode grid = api.get("rfm-segmentation", "/v1/finance/rfm-segmentation");
        if (r == null) {
            return;
        }
        for (JsonNode cell : grid.path("data")) {
            if (cell.path("r_score").asText().equals(r) && cell.path("f_score").asText().equals(f)) {
                api.get("customer_segmentation?segment_filter", "/v0/pipes/customer_segmentation.json?segment_filter="
                        + encode(cell.path("segment").asText()) + "&limit=10000");
            }
        }
    }

    // ProductsView: every page of the list, cursor after cursor, up to 10,000 products
    private static void products(ApiCalls api) throws Exception {
        String base = "/v1/products?from=" + from(365) + "&to=" + today() + "&sort=net_revenue&limit=1000";
        String cursor = null;
        int seen = 0;
        do {
            JsonNode page = api.get("products", base + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            seen += page.path("data").size();
            cursor = page.path("next_cursor").asText(null);
        } while (cursor != null && seen < 10_000);
    }

    // ProductView: the UTC months covering the range, then as many months just before
    private static void product(ApiCalls api, String id) throws Exception {
        YearMonth from = YearMonth.from(from(365));
        YearMonth to = YearMonth.from(today());
        long months = ChronoUnit.MONTHS.between(from, to) + 1;
        String path = "/v1/products/" + segment(id);
        api.get("products/{id}", path + "?from=" + from + "&to=" + to);
        api.get("products/{id} (before)", path + "?from=" + from.minusMonths(months) + "&to=" + from.minusMonths(1));
    }

    // DataQualityView: the quarantine's summaries (range, period before) and newest rows, then the checks
    private static void dataQuality(ApiCalls api) throws Exception {
        LocalDate from = from(30);
        api.get("quarantine/summary", "/v1/quarantine/summary?from=" + from + "&to=" + today() + "&timezone=UTC");
        api.get("quarantine/summary (before)", "/v1/quarantine/summary?from=" + from.minusDays(30) + "&to="
                + from.minusDays(1) + "&timezone=UTC");
        api.get("quarantine?limit=100", "/v1/quarantine?limit=100");
        api.get("data-quality/consistency", "/v1/data-quality/consistency");
    }

    private static void customer(ApiCalls api, String id) throws Exception {
        String path = "/v1/customers/" + segment(id);
        api.get("customers/{id}", path);
        api.get("customers/{id}/timeline", path + "/timeline?limit=20");
        api.get("customers/{id}/segments", path + "/segments");
    }

    // ViewParams.wholeMonths: the cohort views read whole UTC months around their range
    private static String wholeMonths(int days) {
        LocalDate to = today();
        return "start_date=" + from(days).withDayOfMonth(1) + "T00:00:00Z&end_date=" + to.withDayOfMonth(
                to.lengthOfMonth()) + "T23:59:59Z";
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The first day of a view's default range of {@code days} ending today. */
    private static LocalDate from(int days) {
        return today().minusDays(days - 1);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An id as one path segment, as the console writes it. */
    static String segment(String id) {
        return encode(id).replace("+", "%20");
    }
}
