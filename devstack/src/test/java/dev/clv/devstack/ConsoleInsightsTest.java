package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.download;
import static dev.clv.devstack.ConsoleSession.get;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The console's product, lifetime-value and acquisition views in a real Chromium, each against the API's own answer
 * for the same filters: the product list row for row and a product's page (figures, months, PDF); the LTV cohorts
 * with their projection worked out here from the pipe; the acquisition factors and their lift.
 */
@ExtendWith(SharedStack.class)
class ConsoleInsightsTest {

    @TempDir
    Path profile;

    @BeforeAll
    static void aLivelyScoredTenant() throws Exception {
        ConsoleSession.scoredDemoTenant();
    }

    @Test
    void productsListAsTheApiAndAProductPageShowsItsMonths() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate to = LocalDate.now(ZoneId.of("UTC"));
        LocalDate from = to.minusDays(364);
        String view = "from=" + from + "&to=" + to + "&zone=UTC";
        JsonNode api = get(gateway, token, "/v1/products?from=" + from + "&to=" + to + "&sort=net_revenue&limit=1000");
        assertTrue(api.path("data").size() > 3, api.toString());
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "viewer");
            browser.get(gateway + "/app/products?" + view);
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("products-chart")),
                    "data-drawn"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#table-products tbody tr"));
            assertEquals(api.path("data").size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode p = api.path("data").get(i);
                List<WebElement> td = rows.get(i).findElements(By.tagName("td"));
                assertEquals(p.path("product_id").asText(), td.get(0).getText());
                assertEquals(p.path("lifecycle_stage").asText(), td.get(3).getText());
                assertEquals(0, p.path("net_revenue").decimalValue().compareTo(new BigDecimal(td.get(10).getText())));
            }
            screenshot(browser, "products");
            HttpResponse<byte[]> csv = download(browser, gateway, "/app/products.csv?" + view);
            assertEquals(api.path("data").size() + 1,
                    new String(csv.body(), StandardCharsets.UTF_8).split("\r\n").length,
                    "every product and the heading");

            // the first product's page: its figures against the months before, month by month
            JsonNode first = api.path("data").get(0);
            String id = first.path("product_id").asText();
            rows.get(0).findElement(By.tagName("a")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kpi-net-revenue")));
            YearMonth a = YearMonth.from(from);
            YearMonth b = YearMonth.from(to);
            JsonNode detail = get(gateway, token, "/v1/products/" + id + "?from=" + a + "&to=" + b).path("data");
            long months = java.time.temporal.ChronoUnit.MONTHS.between(a, b) + 1;
            JsonNode before = get(gateway, token, "/v1/products/" + id + "?from=" + a.minusMonths(months) + "&to="
                    + a.minusMonths(1)).path("data");
            assertEquals(detail.path("net_revenue").decimalValue().setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    browser.findElement(By.id("kpi-net-revenue")).getAttribute("data-value"));
            assertEquals(before.path("net_revenue").decimalValue().setScale(2, RoundingMode.HALF_UP)
                    .toPlainString(), browser.findElement(By.id("kpi-net-revenue")).getAttribute("data-previous"));
            assertEquals(detail.path("buyers").asText(), browser.findElement(By.id("kpi-buyers"))
                    .getAttribute("data-value"));
            assertEquals(months, browser.findElements(By.cssSelector("#table-months tbody tr")).size());
            assertEquals(months + "," + months, browser.findElement(By.id("product-money")).getAttribute(
                    "data-drawn"), "net revenue and refunds, every month");
            screenshot(browser, "product");
            HttpResponse<byte[]> pdf = download(browser, gateway, "/app/products/" + id + ".pdf?" + view);
            assertEquals(200, pdf.statusCode());
            try (var doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc);
                assertTrue(text.contains("Product: " + id), text);
                for (JsonNode m : detail.path("months")) {
                    assertTrue(text.contains(m.path("month").asText()), m.path("month").asText());
                }
            }
            browser.get(gateway + "/app/products?" + view + "&sort=margin");
            assertTrue(browser.getPageSource().contains("The parameter 'sort' must be one of"));
        } finally {
            browser.quit();
        }
    }

    @Test
    void ltvCurvesAndProjectionsAndAcquisitionFactorsAreTheApis() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate to = LocalDate.now(ZoneId.of("UTC"));
        LocalDate from = to.minusDays(729);
        JsonNode pipe = get(gateway, token, "/v0/pipes/ltv_by_cohort.json?start_date=" + from.withDayOfMonth(1)
                + "T00:00:00Z&end_date=" + to.withDayOfMonth(to.lengthOfMonth())
                + "T23:59:59Z&predictions=true&limit=1000");
        // the view widens its range to whole UTC months (cohorts are such months), never beyond them
        pipe.path("data")
                .forEach(c -> assertTrue(c.path("cohort").asText().compareTo(from.toString().substring(0, 7)) >= 0,
                        c.toString()));
        assertTrue(pipe.path("data").size() > 12, pipe.toString());
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "analyst");
            browser.findElement(By.id("nav-ltv")).click();
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("ltv-curves")),
                    "data-drawn"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#table-cohorts tbody tr"));
            assertEquals(pipe.path("data").size(), rows.size());
            int projected = 0;
            for (int i = 0; i < rows.size(); i++) {
                JsonNode c = pipe.path("data").get(i);
                List<WebElement> td = rows.get(i).findElements(By.tagName("td"));
                assertEquals(c.path("cohort").asText(), td.get(0).getText());
                assertEquals(0, c.path("avg_ltv").decimalValue().compareTo(new BigDecimal(td.get(2).getText())));
                long scored = c.path("scored_customers").asLong();
                if (scored > 0) {
                    BigDecimal perScored = c.path("predicted_clv").decimalValue().divide(BigDecimal.valueOf(scored),
                            2, RoundingMode.HALF_UP);
                    assertEquals(0, c.path("avg_ltv").decimalValue().add(perScored).compareTo(new BigDecimal(td.get(5)
                            .getText())), c.toString());
                    projected++;
                }
            }
            assertTrue(projected > 6, "cohorts with a projection: " + projected);
            screenshot(browser, "ltv");

            // acquisition over every customer: the snapshot's factors, each with its lift
            JsonNode factors = get(gateway, token, "/v0/pipes/ltv_influencing_factors.json");
            browser.findElement(By.id("nav-acquisition")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("table-factors")));
            List<WebElement> groups = browser.findElements(By.cssSelector("#table-factors tbody tr"));
            assertEquals(factors.path("data").size(), groups.size());
            java.util.Map<String, String> lift = new java.util.HashMap<>();
            factors.path("data").forEach(g -> lift.put(g.path("factor").asText() + "=" + g.path("value").asText(),
                    g.path("lift").isNull() ? "" : g.path("lift").decimalValue().stripTrailingZeros().toPlainString()));
            List<String> sources = new ArrayList<>();
            for (WebElement g : groups) {
                List<WebElement> td = g.findElements(By.tagName("td"));
                String key = td.get(0).getText() + "=" + td.get(1).getText();
                String shown = td.get(5).getText().isEmpty()
                        ? ""
                        : new BigDecimal(td.get(5).getText())
                                .stripTrailingZeros().toPlainString();
                assertEquals(lift.get(key), shown, key);
                if (td.get(0).getText().equals("acquisition_source")) {
                    sources.add(td.get(1).getText());
                }
            }
            assertTrue(sources.size() > 1, "sources: " + sources);
            assertEquals(sources.size() + "," + sources.size(), browser.findElement(By.id("acquisition-sources"))
                    .getAttribute("data-drawn"), "mean and median of every source");
            screenshot(browser, "acquisition");
        } finally {
            browser.quit();
        }
    }
}
