package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.download;
import static dev.clv.devstack.ConsoleSession.get;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.screenshot;
import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The console's report views and their exports in a real Chromium, against the API's own answers for the demo
 * tenant filled with two years of synthetic customers and scored by a BG/NBD model: the dashboard as PDF, CSV and
 * XLSX read back (PDFBox text, the workbook's cells) in a chosen time zone; the cohort heatmap clicked through to
 * the cohort's customers; an RFM cell's customers; at-risk customers ranked by P(alive) × lifetime value.
 */
@ExtendWith(SharedStack.class)
class ConsoleReportsTest {
    static final String ZONE = "Pacific/Auckland";

    @TempDir
    Path profile;

    @BeforeAll
    static void aLivelyScoredTenant() throws Exception {
        ConsoleSession.scoredDemoTenant();
    }

    @Test
    void theDashboardDownloadsAsPdfCsvAndXlsxWithTheApisNumbersInTheChosenZone() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate to = LocalDate.now(ZoneId.of(ZONE));
        LocalDate from = to.minusDays(89);
        String view = "from=" + from + "&to=" + to + "&zone=" + ZONE;
        JsonNode revenue = get(gateway, token, "/v1/reports/revenue?start_date=" + from + "&end_date=" + to
                + "&timezone=" + ZONE + "&granularity=week");
        JsonNode periods = revenue.at("/data/periods");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "viewer");
            browser.get(gateway + "/app/dashboard?" + view);
            assertEquals(sum(periods, "orders").toPlainString(), browser.findElement(By.id("kpi-orders"))
                    .getAttribute("data-value"));
            assertTrue(browser.findElement(By.id("export-pdf")).getAttribute("href").endsWith("/app/dashboard.pdf?"
                    + view.replace("/", "%2F")), browser.findElement(By.id("export-pdf")).getAttribute("href"));

            HttpResponse<byte[]> csv = download(browser, gateway, "/app/dashboard.csv?" + view);
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("dashboard-" + from));
            List<String[]> rows = new ArrayList<>();
            String[] lines = new String(csv.body(), StandardCharsets.UTF_8).split("\r\n");
            assertTrue(lines[0].startsWith("Period,Orders,"), lines[0]);
            for (int i = 1; i < lines.length; i++) {
                rows.add(lines[i].split(",", -1));
            }
            assertEquals(periods.size(), rows.size(), "every week, none cut");
            for (int i = 0; i < periods.size(); i++) {
                JsonNode p = periods.get(i);
                assertEquals(p.path("period").asText(), rows.get(i)[0]);
                assertEquals(p.path("orders").asText(), rows.get(i)[1]);
                assertEquals(0, p.path("net_revenue").decimalValue().compareTo(new BigDecimal(rows.get(i)[5])));
            }

            HttpResponse<byte[]> xlsx = download(browser, gateway, "/app/dashboard.xlsx?" + view);
            assertEquals(200, xlsx.statusCode());
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                Sheet sheet = book.getSheetAt(1);
                assertEquals(periods.size(), sheet.getLastRowNum());
                for (int i = 0; i < periods.size(); i++) {
                    assertEquals(periods.get(i).path("orders").asDouble(), sheet.getRow(i + 1).getCell(1)
                            .getNumericCellValue());
                    assertEquals(periods.get(i).path("net_revenue").decimalValue().doubleValue(), sheet.getRow(i + 1)
                            .getCell(5).getNumericCellValue(), 1e-9);
                }
            }

            HttpResponse<byte[]> pdf = download(browser, gateway, "/app/dashboard.pdf?" + view);
            assertEquals(200, pdf.statusCode());
            assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
            try (var doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc);
                assertTrue(text.contains("Range: " + from + " to " + to), text);
                assertTrue(text.contains("Time zone: " + ZONE), text);
                assertTrue(text.contains(sum(periods, "net_revenue").setScale(2, RoundingMode.HALF_UP)
                        .toPlainString()), "the net revenue figure: " + text);
                for (JsonNode p : periods) {
                    assertTrue(text.contains(p.path("period").asText()), p.path("period").asText());
                }
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    void aCohortCellLeadsToItsCustomersAndAnRfmCellListsItsOwn() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "analyst");
            browser.findElement(By.id("nav-cohorts")).click();
            WebElement heat = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cohort-heatmap")));
            wait.until(ExpectedConditions.attributeToBeNotEmpty(heat, "data-drawn"));
            LocalDate to = LocalDate.now(ZoneId.of("UTC"));
            JsonNode cohorts = get(gateway, token, "/v0/pipes/customer_retention_analysis.json?start_date="
                    + to.minusDays(364).withDayOfMonth(1) + "T00:00:00Z&end_date=" + to.withDayOfMonth(
                            to.lengthOfMonth())
                    + "T23:59:59Z&limit=10000");
            int cells = 0;
            for (JsonNode r : cohorts.path("data")) {
                cells += r.path("cohort_size").asLong() > 0 ? 1 : 0;
            }
            assertEquals(String.valueOf(cohorts.path("data").size()), heat.getAttribute("data-drawn"),
                    "a cell per cohort month");
            assertTrue(cells > 12, "a year of cohorts");
            screenshot(browser, "cohorts");
            // click the first cohort's month 0 where ECharts drew it, the whole chart in view (a pointer's offset
            // counts from the centre of the element's visible part)
            browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", heat);
            String first = cohorts.path("data").get(0).path("cohort").asText();
            @SuppressWarnings("unchecked")
            List<Number> at = (List<Number>) browser.executeScript("var c = echarts.getInstanceByDom(arguments[0]);"
                    + "return c.convertToPixel({seriesIndex: 0}, [0, 0]);", heat);
            new Actions(browser).moveToElement(heat, at.get(0).intValue() - heat.getRect().getWidth() / 2,
                    at.get(1).intValue() - heat.getRect().getHeight() / 2).click().perform();
            wait.until(ExpectedConditions.urlContains("/app/customers?cohort=" + first));
            java.time.YearMonth month = java.time.YearMonth.parse(first);
            JsonNode page = get(gateway, token, "/v1/customers?registered_from=" + month.atDay(1) + "&registered_to="
                    + month.atEndOfMonth() + "&sort=ltv&order=desc&limit=50");
            List<String> ids = new ArrayList<>();
            page.path("data").forEach(c -> ids.add(c.path("id").asText()));
            assertTrue(!ids.isEmpty());
            assertEquals(ids, browser.findElements(By.cssSelector("tr.customer")).stream()
                    .map(r -> r.getAttribute("data-id")).toList());

            // RFM: a cell's customers are as many as the grid counts in it
            JsonNode grid = get(gateway, token, "/v1/finance/rfm-segmentation?reference_date=" + to);
            JsonNode cell = grid.path("data").get(0);
            browser.get(gateway + "/app/rfm?from=" + to.minusDays(29) + "&to=" + to + "&zone=UTC&r=" + cell.path(
                    "r_score").asText() + "&f=" + cell.path("f_score").asText());
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("rfm-grid")),
                    "data-drawn"));
            assertEquals(cell.path("customers").asInt(), browser.findElements(By.cssSelector(
                    "#table-customers tbody tr")).size(), cell.toString());
            screenshot(browser, "rfm");
        } finally {
            browser.quit();
        }
    }

    @Test
    void atRiskCustomersAreRankedByPAliveTimesLifetimeValue() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate to = LocalDate.now(ZoneId.of("UTC"));
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "viewer");
            browser.findElement(By.id("nav-at-risk")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("table-customers")));
            JsonNode api = get(gateway, token, "/v1/marketing/churn-risk-customers?reference_date=" + to
                    + "&limit=1000");
            java.util.Map<String, BigDecimal> expected = new java.util.HashMap<>();
            for (JsonNode c : api.path("data")) {
                if (c.hasNonNull("p_alive")) {
                    expected.put(c.path("customer_id").asText(), c.path("lifetime_value").decimalValue().multiply(
                            BigDecimal.valueOf(c.path("p_alive").asDouble())).setScale(2, RoundingMode.HALF_UP));
                }
            }
            assertTrue(expected.size() > 10, "scored at-risk customers: " + expected.size());
            List<WebElement> rows = browser.findElements(By.cssSelector("#table-customers tbody tr"));
            assertEquals(api.path("data").size(), rows.size());
            BigDecimal last = null;
            for (WebElement row : rows.subList(0, expected.size())) {
                List<WebElement> td = row.findElements(By.tagName("td"));
                BigDecimal valueAtRisk = new BigDecimal(td.get(5).getText());
                assertEquals(expected.get(td.get(0).getText()), valueAtRisk, td.get(0).getText());
                assertTrue(last == null || last.compareTo(valueAtRisk) >= 0, "ranked");
                last = valueAtRisk;
            }
            screenshot(browser, "at-risk");
        } finally {
            browser.quit();
        }
    }

    private static BigDecimal sum(JsonNode periods, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode p : periods) {
            total = total.add(p.path(field).decimalValue());
        }
        return total;
    }
}
