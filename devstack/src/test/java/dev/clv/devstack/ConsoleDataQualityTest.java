package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.download;
import static dev.clv.devstack.ConsoleSession.get;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.post;
import static dev.clv.devstack.ConsoleSession.screenshot;
import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

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
 * The data-quality view in a real Chromium: its counts are the quarantine summary's and the consistency checks'; an
 * analyst corrects a refused row in the form and replays it (it leaves the quarantine) and discards another, and the
 * audit log names the analyst for both; a viewer sees the checks but no quarantined row.
 */
@ExtendWith(SharedStack.class)
class ConsoleDataQualityTest {

    @TempDir
    Path profile;

    @Test
    void anAnalystCorrectsAndReplaysOneRefusedRowAndDiscardsAnotherBothAudited() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        LocalDate today = LocalDate.now(ZoneId.of("UTC"));
        String run = "dq-" + System.nanoTime();
        HttpResponse<String> refused = post(gateway, token, "/v0/events?name=transactions", "{\"transaction_id\":\""
                + run + "-1\",\"customer_id\":\"" + run + "\",\"transaction_date\":\"not a date\",\"amount\":12.5}\n"
                + "{\"transaction_id\":\"" + run + "-2\",\"customer_id\":\"" + run + "\",\"transaction_date\":"
                + "\"yesterday\",\"amount\":3}");
        assertEquals(2, ConsoleSession.JSON.readTree(refused.body()).path("quarantined_rows").asInt(), refused.body());
        String replayed = null;
        String discarded = null;
        for (JsonNode r : get(gateway, token, "/v1/quarantine?limit=1000").path("data")) {
            replayed = r.path("raw").asText().contains(run + "-1") ? r.path("id").asText() : replayed;
            discarded = r.path("raw").asText().contains(run + "-2") ? r.path("id").asText() : discarded;
        }
        assertTrue(replayed != null && discarded != null);
        JsonNode summary = get(gateway, token, "/v1/quarantine/summary?from=" + today.minusDays(29) + "&to=" + today
                + "&timezone=UTC");
        JsonNode checks = get(gateway, token, "/v1/data-quality/consistency");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "analyst");
            browser.findElement(By.id("nav-data-quality")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kpi-quarantined")));
            assertEquals(summary.path("total_rows").asText(), browser.findElement(By.id("kpi-quarantined"))
                    .getAttribute("data-value"));
            for (JsonNode c : checks.path("data")) {
                String found = c.has("products") ? c.path("products").asText() : c.path("customers").asText();
                assertEquals(found, browser.findElement(By.id("kpi-" + c.path("check").asText())).getAttribute(
                        "data-value"), c.toString());
            }
            assertEquals(summary.path("by_day").size() + "", browser.findElement(By.id("quarantine-trend"))
                    .getAttribute("data-drawn"), "a bar per day of the range");
            assertTrue(browser.findElement(By.id("table-reasons")).getText().contains("transaction_date"));
            screenshot(browser, "data-quality");

            // correct the first row's date in the form and replay it: it is accepted and leaves the quarantine
            browser.findElement(By.cssSelector("#table-rows a[href*='" + replayed + "']")).click();
            WebElement raw = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("raw")));
            assertTrue(raw.getAttribute("value").contains("not a date"));
            raw.clear();
            raw.sendKeys("{\"transaction_id\":\"" + run + "-1\",\"customer_id\":\"" + run + "\",\"transaction_date\":\""
                    + today + "T08:00:00Z\",\"amount\":12.5}");
            browser.findElement(By.id("replay")).click();
            assertTrue(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("done"))).getText().startsWith(
                    "Replayed: 1 row accepted"), browser.findElement(By.id("done")).getText());
            assertEquals(404, status(gateway, token, "/v1/quarantine/" + replayed));

            // a still-wrong edit is named and the row stays
            browser.get(gateway + "/app/data-quality/rows/" + discarded);
            raw = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("raw")));
            raw.clear();
            raw.sendKeys("{\"transaction_id\":\"" + run + "-2\",\"customer_id\":\"" + run + "\",\"transaction_date\":"
                    + "\"still not\",\"amount\":3}");
            browser.findElement(By.id("replay")).click();
            assertTrue(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("replay-error"))).getText()
                    .contains("transaction_date"), browser.findElement(By.id("replay-error")).getText());
            assertEquals(200, status(gateway, token, "/v1/quarantine/" + discarded));
            browser.findElement(By.id("discard")).click();
            assertEquals("Discarded.", wait.until(ExpectedConditions.presenceOfElementLocated(By.id("done")))
                    .getText());
            assertEquals(404, status(gateway, token, "/v1/quarantine/" + discarded));

            // the gateway's audit log names the person for both, with the rows' ids
            String r = replayed;
            String d = discarded;
            await(() -> {
                String entries = get(gateway, token, "/v1/audit?actor=analyst&limit=1000").toString();
                return entries.contains("/v1/quarantine/" + r + "/replay") && entries.contains("\"/v1/quarantine/"
                        + d + "\"");
            }, 30, "the analyst's replay and discard in the audit log");
            // the action is the method and the gateway route the call matched; the target names the row
            JsonNode discards = get(gateway, token, "/v1/audit?actor=analyst&action=" + URLEncoder.encode(
                    "DELETE /v1/quarantine", StandardCharsets.UTF_8));
            assertTrue(discards.toString().contains(d), discards.toString());
        } finally {
            browser.quit();
        }
    }

    @Test
    void aViewerSeesTheChecksButNoQuarantinedRow() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "viewer");
            browser.findElement(By.id("nav-data-quality")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("table-checks")));
            assertEquals(0, browser.findElements(By.id("kpi-quarantined")).size());
            assertEquals(0, browser.findElements(By.id("table-rows")).size());
            assertTrue(browser.getPageSource().contains("shown to analysts and administrators only"));
            JsonNode rows = get(gateway, stack.token("demo"), "/v1/quarantine?limit=1");
            if (rows.path("data").size() > 0) {
                assertEquals(403, download(browser, gateway, "/app/data-quality/rows/" + rows.path("data").get(0)
                        .path("id").asText()).statusCode(), "the API refuses the viewer the raw row");
            }
        } finally {
            browser.quit();
        }
    }

    private static int status(String gateway, String token, String path) throws Exception {
        return ConsoleSession.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization",
                "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
