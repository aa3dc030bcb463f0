package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.download;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.screenshot;
import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Scheduled reports in a real Chromium: the analyst schedules the dashboard from its own "Schedule" link, daily at
 * the next minute's wall-clock time in Berlin; the schedule says when it runs next in that zone, the console runs it
 * on its own as the analyst (their offline token), and the archived PDF covers the 30 Berlin days before the run,
 * filters printed; "Run now" adds another; nobody else downloads it; a forged POST is refused.
 */
@ExtendWith(SharedStack.class)
class ConsoleScheduledReportsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path profile;

    @Test
    void theAnalystsDailyDashboardRunsOnItsOwnAtTheLocalTimeAndIsArchived() throws Exception {
        String gateway = SharedStack.stack().url("gateway");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "analyst");
            LocalDate today = LocalDate.now(BERLIN);
            browser.get(gateway + "/app/dashboard?from=" + today.minusDays(29) + "&to=" + today + "&zone="
                    + "Europe/Berlin");
            browser.findElement(By.id("schedule-view")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("schedule-form")));
            assertEquals("30", browser.findElement(By.id("schedule-days")).getAttribute("value"));
            assertEquals("Europe/Berlin", browser.findElement(By.id("schedule-zone")).getAttribute("value"));
            // the next whole minute in Berlin, at least 20 s away so the form is sent before it
            ZonedDateTime run = ZonedDateTime.now(BERLIN).plusSeconds(80).truncatedTo(ChronoUnit.MINUTES);
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", browser.findElement(
                    By.id("schedule-time")), run.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm")));
            browser.findElement(By.id("schedule")).click();
            WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.schedule")));
            assertEquals(run.toLocalDateTime().toString().replace('T', ' '), row.findElement(By.className(
                    "next-run")).getText(), "the next run, as wall-clock time in Berlin");

            // the console runs it by itself (it looks every 30 s) as the analyst, with no browser involved
            await(() -> {
                browser.navigate().refresh();
                return !browser.findElements(By.cssSelector("#archive a.download")).isEmpty();
            }, 180, "the scheduled run archived");
            LocalDate to = run.toLocalDate().minusDays(1);
            String pdfPath = browser.findElement(By.cssSelector("#archive a.download")).getAttribute("href")
                    .substring(gateway.length());
            HttpResponse<byte[]> pdf = download(browser, gateway, pdfPath);
            assertEquals(200, pdf.statusCode());
            try (var doc = Loader.loadPDF(pdf.body())) {
                String text = new PDFTextStripper().getText(doc);
                assertTrue(text.contains("Range: " + to.minusDays(29) + " to " + to), text);
                assertTrue(text.contains("Time zone: Europe/Berlin"), text);
            }
            screenshot(browser, "reports");

            // run now: another archived run at once
            int before = browser.findElements(By.cssSelector("#archive tr.run")).size();
            browser.findElement(By.cssSelector("tr.schedule .run-now")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
            assertEquals(before + 1, browser.findElements(By.cssSelector("#archive tr.run")).size());

            // a forged POST (the session's cookies, no CSRF token) deletes nothing
            String id = browser.findElement(By.cssSelector("tr.schedule")).getAttribute("data-id");
            HttpResponse<String> forged = ConsoleSession.HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/app/reports/" + id + "/delete")).header("Cookie", ConsoleSession.cookies(browser))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                            .ofString(""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());

            // the viewer neither sees nor downloads the analyst's reports
            ChromeDriver other = Chromium.start(profile.resolve("viewer"));
            try {
                logIn(other, new WebDriverWait(other, Duration.ofSeconds(60)), gateway, "viewer");
                other.get(gateway + "/app/reports");
                assertEquals(List.of(), other.findElements(By.cssSelector("tr.schedule")));
                assertEquals(404, download(other, gateway, pdfPath).statusCode());
            } finally {
                other.quit();
            }
            // the analyst deletes the schedule; its archive stays
            browser.get(gateway + "/app/reports");
            browser.findElement(By.cssSelector("tr.schedule .delete")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-schedules")));
            assertTrue(!browser.findElements(By.cssSelector("#archive tr.run")).isEmpty());
        } finally {
            browser.quit();
        }
    }
}
