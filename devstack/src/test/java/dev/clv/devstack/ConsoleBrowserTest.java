package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.cookies;
import static dev.clv.devstack.ConsoleSession.get;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.screenshot;
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
    private static final ObjectMapper JSON = ConsoleSession.JSON;
    private static final HttpClient HTTP = ConsoleSession.HTTP;

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
            // the repeat rate at the range's end (today) against 90 days before, worked out here from the lifecycle
            // stages the console reads (asked as it asks them, without parameters: the snapshot when there is one)
            JsonNode stages = api(gateway, token, "/v1/customer-success/lifecycle-analysis").path("data");
            assertEquals(repeatRate(stages.path("stages_at_end")), kpi(browser, "repeat-rate"));
            assertEquals(repeatRate(stages.path("stages_at_start")), browser.findElement(By.id("kpi-repeat-rate"))
                    .getAttribute("data-previous"));
            // the chart drew every period of the report, as an SVG (vectors, as the PDF will need)
            wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("revenue-chart")),
                    "data-drawn"));
            int periods = revenue.at("/data/periods").size();
            assertEquals(30, periods);
            assertEquals(periods + "," + periods, browser.findElement(By.id("revenue-chart"))
                    .getAttribute("data-drawn"));
            assertEquals(1, browser.findElements(By.cssSelector("#revenue-chart svg")).size());
            screenshot(browser, "dashboard");

            // the range is in the URL: today alone, against yesterday
            browser.get(gateway + "/app/dashboard?from=" + today + "&to=" + today + "&zone=UTC");
            String oneDay = "start_date=" + today + "&end_date=" + today + "&timezone=UTC&granularity=day";
            assertEquals(sum(report(gateway, token, "revenue", oneDay), "orders").toPlainString(),
                    kpi(browser, "orders"));
            browser.get(gateway + "/app/dashboard?zone=Mars/Olympus_Mons");
            assertTrue(browser.findElement(By.id("problem")).getText().contains("'zone'"),
                    browser.findElement(By.id("problem")).getText());

            // a viewer sees no audit log: no link to it, and its page refuses
            assertEquals(0, browser.findElements(By.id("nav-audit")).size());
            browser.get(gateway + "/app/admin/audit");
            assertEquals("Administrators only", browser.findElement(By.tagName("h1")).getText());
            assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/app/admin/audit"))
                    .header("Cookie", cookies(browser)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

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

    @Test
    void customersArePagedAsTheApiPagesThemAndTheirNamesAreShownAsTextNeverRun() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        String id = "xss-" + System.nanoTime();
        String name = "Mallory <img src=x onerror=\"document.title='pwned'\">";
        String email = "\"><script>document.title='pwned too'</script>@example.com";
        post(gateway, token, "customers", JSON.writeValueAsString(java.util.Map.of("customer_id", id, "name", name,
                "email", email, "country", "DE")) + "\n");
        // this customer and three more with a purchase: enough for two pages of two, whatever ran before
        StringBuilder purchases = new StringBuilder();
        for (String buyer : java.util.List.of(id, id + "-a", id + "-b", id + "-c")) {
            purchases.append("{\"transaction_id\":\"" + buyer + "-t\",\"customer_id\":\"" + buyer
                    + "\",\"transaction_date\":\"" + LocalDate.now(ZoneOffset.UTC) + "T00:00:02Z\",\"amount\":5}\n");
        }
        post(gateway, token, "transactions", purchases.toString());
        await(() -> get(gateway, token, "/v1/customers/" + id).path("data").path("name").asText().equals(name)
                && get(gateway, token, "/v1/customers/" + id + "-c").path("data").has("id"), 60,
                "the customers and the name readable");

        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "analyst");
            assertEquals("analyst", browser.findElement(By.id("role")).getText());

            // a look-up by id leads to the customer's page; the name is text, the markup in it never ran
            browser.get(gateway + "/app/customers?q=" + id);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-id")));
            assertEquals(id, browser.findElement(By.id("customer-id")).getText());
            assertEquals(name, browser.findElement(By.id("customer-name")).getText());
            assertTrue(browser.findElement(By.id("summary")).getText().contains(email));
            assertEquals(0, browser.findElements(By.cssSelector("main img, main script")).size());
            assertTrue(!browser.getTitle().contains("pwned"), browser.getTitle());
            screenshot(browser, "customer");

            // a search by the beginning of a word of the name lists the customer (the markup in the name is no
            // word: PostgreSQL's parser reads it as a tag); what was typed is shown as text too
            browser.get(gateway + "/app/customers?q="
                    + java.net.URLEncoder.encode("MALL\"><", java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search-note"))).getText()
                    .contains("“MALL\"><”"));
            assertEquals(0, browser.findElements(By.cssSelector("main img, main script, main b")).size());
            assertTrue(browser.findElements(By.cssSelector("tr.customer")).stream().map(r -> r.getAttribute(
                    "data-id")).toList().contains(id));
            browser.get(gateway + "/app/customers/" + id);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-profile")));

            // the analyst edits the profile (a JSON merge patch through the API, as the analyst)
            String csrf = browser.findElement(By.cssSelector("#edit-profile input[type=hidden]")).getAttribute(
                    "value");
            String csrfField = browser.findElement(By.cssSelector("#edit-profile input[type=hidden]")).getAttribute(
                    "name");
            // the token's cookie as it was when the form was drawn: a token and its cookie go together
            String csrfCookie = browser.manage().getCookieNamed("csrf-token").getValue();
            String renamed = "Renamed <b>" + id + "</b>";
            browser.findElement(By.id("edit-name")).clear();
            browser.findElement(By.id("edit-name")).sendKeys(renamed);
            browser.findElement(By.id("save-profile")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
            await(() -> get(gateway, token, "/v1/customers/" + id).path("data").path("name").asText().equals(renamed),
                    60, "the new name projected");
            browser.navigate().refresh();
            assertEquals(renamed, browser.findElement(By.id("customer-name")).getText());

            // a forged form (the session's cookies, no token) is refused and changes nothing
            String form = "name=forged";
            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/app/customers/" + id
                    + "/profile")).header("Cookie", cookies(browser)).header("Content-Type",
                            "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode(), forged.body());

            // a viewer with a valid token (the analyst's form's, with its cookie) may still not edit
            browser.get(gateway + "/app/logout");
            logIn(browser, wait, gateway, "viewer");
            browser.get(gateway + "/app/customers/" + id);
            assertEquals(0, browser.findElements(By.id("edit-profile")).size(), "no form for a viewer");
            HttpResponse<String> asViewer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/app/customers/"
                    + id + "/profile")).header("Cookie", browser.manage().getCookies().stream()
                            .filter(c -> !c.getName().equals("csrf-token")).map(c -> c.getName() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")) + "; csrf-token=" + csrfCookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(csrfField
                            + "=" + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8)
                            + "&name=viewer-was-here"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, asViewer.statusCode(), asViewer.body());
            Thread.sleep(2000);
            assertEquals(renamed, get(gateway, token, "/v1/customers/" + id).path("data").path("name").asText());

            // two a page, newest purchase first: the pages are the API's pages, cursor after cursor
            String filter = "sort=last_purchase_at&order=desc&limit=2";
            browser.get(gateway + "/app/customers?" + filter);
            JsonNode first = get(gateway, token, "/v1/customers?" + filter);
            assertEquals(ids(first), shownIds(browser));
            assertEquals(2, shownIds(browser).size());
            browser.findElement(By.id("next-page")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("first-page")));
            JsonNode second = get(gateway, token, "/v1/customers?" + filter + "&cursor=" + java.net.URLEncoder.encode(
                    first.path("next_cursor").asText(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(ids(second), shownIds(browser));

            // a filter the API would refuse is named before it is asked
            browser.get(gateway + "/app/customers?sort=name");
            assertTrue(browser.findElement(By.id("problem")).getText().startsWith("sort "),
                    browser.findElement(By.id("problem")).getText());
            browser.get(gateway + "/app/customers/no-such-customer-" + id);
            assertEquals("No such customer", browser.findElement(By.tagName("h1")).getText());
        } finally {
            browser.quit();
        }
    }

    @Test
    void anAdministratorReadsTheAuditLogTheGatewayKeeps() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        ChromeDriver browser = Chromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            logIn(browser, wait, gateway, "admin");
            browser.findElement(By.id("nav-audit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verification")));
            JsonNode api = get(gateway, token, "/v1/audit?limit=100");
            java.util.List<String> seqs = new java.util.ArrayList<>();
            api.path("entries").forEach(e -> seqs.add(e.path("seq").asText()));
            java.util.List<String> shown = browser.findElements(By.cssSelector("tr.entry")).stream()
                    .map(r -> r.getAttribute("data-seq")).toList();
            // entries only come in, newest first: the page, read before, is a run of the API's page
            java.util.List<String> head = shown.subList(0, Math.min(50, shown.size()));
            assertTrue(!head.isEmpty() && java.util.Collections.indexOfSubList(seqs, head) >= 0, shown + " vs "
                    + seqs);
            // the console asked as the admin: the gateway logged the person, not a console credential
            boolean asAdmin = false;
            for (JsonNode e : api.path("entries")) {
                asAdmin |= e.path("actor_name").asText().equals("admin")
                        && e.path("action").asText().startsWith("GET /v1/audit");
            }
            assertTrue(asAdmin, api.toString());
            assertTrue(browser.findElement(By.id("verification")).getText().startsWith("The chain of "),
                    browser.findElement(By.id("verification")).getText());
        } finally {
            browser.quit();
        }
    }

    private static java.util.List<String> ids(JsonNode page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.path("data").forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    private static java.util.List<String> shownIds(WebDriver browser) {
        return browser.findElements(By.cssSelector("tr.customer")).stream().map(r -> r.getAttribute("data-id"))
                .toList();
    }

    private static void post(String gateway, String token, String source, String ndjson) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v0/events?name=" + source))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(2, r.statusCode() / 100, r.body());
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

    // (Repeat + Loyal) ÷ (New + Repeat + Loyal) in percent, one decimal
    private static String repeatRate(JsonNode stages) {
        long repeat = stages.path("Repeat").asLong() + stages.path("Loyal").asLong();
        long buyers = repeat + stages.path("New").asLong();
        return buyers == 0
                ? "–"
                : BigDecimal.valueOf(repeat * 1000).divide(BigDecimal.valueOf(buyers), 0,
                        RoundingMode.HALF_UP).movePointLeft(1).setScale(1).toPlainString();
    }

    private static JsonNode api(String gateway, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
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
