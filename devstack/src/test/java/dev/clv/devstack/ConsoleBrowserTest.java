package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The web console in a real headless Chromium, through the gateway's {@code /app/} and the real Keycloak: a viewer
 * logs in with the authorization code flow, the dashboard's figures and chart are those the API answers for the same
 * range, a bad parameter is named, the pages carry the security headers, an htmx request without a session gets
 * 499 instead of a login page, and logging out ends the session.
 */
@ExtendWith(SharedStack.class)
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @TempDir
    Path profile;

    @Test
    void aViewerLogsInAndSeesTheFiguresTheApiAnswers() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        sendPurchases(gateway, token, today);
        String range = "start_date=" + today.minusDays(29) + "&end_date=" + today + "&timezone=UTC&granularity=day";
        // the API settled (the purchases projected and nothing else moving) before the page is read
        await(() -> {
            JsonNode a = report(gateway, token, "revenue", range);
            Thread.sleep(1000);
            return sum(a, "orders").compareTo(BigDecimal.valueOf(3)) >= 0
                    && sum(a, "orders").equals(sum(report(gateway, token, "revenue", range), "orders"));
        }, 60, "the purchases counted in the revenue report");

        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(gateway + "/app/");
            // Keycloak's own login page: the console never sees the password
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            assertTrue(browser.getCurrentUrl().startsWith(stack.url("keycloak")), browser.getCurrentUrl());
            browser.findElement(By.id("username")).sendKeys("viewer");
            browser.findElement(By.id("password")).sendKeys("viewer");
            browser.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.urlContains("/app/dashboard"));
            assertTrue(browser.getCurrentUrl().startsWith(gateway + "/app/dashboard"), browser.getCurrentUrl());
            assertEquals("viewer", browser.findElement(By.id("role")).getText());
            assertTrue(browser.findElement(By.id("who")).getText().contains("demo"));

            JsonNode revenue = report(gateway, token, "revenue", range);
            assertEquals(sum(revenue, "orders").toPlainString(), kpi(browser, "orders"));
            assertEquals(sum(revenue, "net_revenue").setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    kpi(browser, "net-revenue"));
            assertEquals(sum(revenue, "gross_revenue").divide(sum(revenue, "orders"), 2, RoundingMode.HALF_UP)
                    .toPlainString(), kpi(browser, "average-order-value"));
            // the chart drew every period of the report, as an SVG (vectors, as the PDF will need)
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("revenue-chart")),
                    "data-drawn"));
            int periods = revenue.at("/data/periods").size();
            assertEquals(30, periods);
            assertEquals(periods + "," + periods, browser.findElement(By.id("revenue-chart"))
                    .getAttribute("data-drawn"));
            assertEquals(1, browser.findElements(By.cssSelector("#revenue-chart svg")).size());

            // the range is in the URL: today alone, against yesterday
            browser.get(gateway + "/app/dashboard?from=" + today + "&to=" + today + "&zone=UTC");
            String oneDay = "start_date=" + today + "&end_date=" + today + "&timezone=UTC&granularity=day";
            assertEquals(sum(report(gateway, token, "revenue", oneDay), "orders").toPlainString(),
                    kpi(browser, "orders"));
            browser.get(gateway + "/app/dashboard?zone=Mars/Olympus_Mons");
            assertTrue(browser.findElement(By.id("problem")).getText().contains("'zone'"),
                    browser.findElement(By.id("problem")).getText());

            headersOfAnAuthenticatedPage(browser, gateway);

            browser.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            browser.get(gateway + "/app/dashboard");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        } finally {
            browser.quit();
        }
        // an htmx request (X-Requested-With: JavaScript) without a session: 499, which console.js turns into a reload
        HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/app/dashboard"))
                .header("X-Requested-With", "JavaScript").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(499, script.statusCode());
    }

    private static void headersOfAnAuthenticatedPage(WebDriver browser, String gateway) throws Exception {
        String cookies = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/app/dashboard"))
                .header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"), csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(!page.body().contains("<script>") && !page.body().contains(" onclick="), "no inline script");
    }

    private static String kpi(WebDriver browser, String id) {
        return browser.findElement(By.id("kpi-" + id)).getAttribute("data-value");
    }

    private static BigDecimal sum(JsonNode report, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode p : report.at("/data/periods")) {
            total = total.add(p.path(field).decimalValue());
        }
        return total;
    }

    private static JsonNode report(String gateway, String token, String name, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/reports/" + name + "?"
                + query)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void sendPurchases(String gateway, String token, LocalDate day) throws Exception {
        long run = System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            body.append(String.format("{\"transaction_id\":\"console-%d-%d\",\"customer_id\":\"console-%d\","
                    + "\"transaction_date\":\"%sT00:00:01Z\",\"amount\":%d.25}%n", run, i, run, day, 10 + i));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                + "/v0/events?name=transactions")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body
                        .toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(2, r.statusCode() / 100, r.body());
    }
}
