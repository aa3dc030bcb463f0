package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the console's browser tests share: logging in on Keycloak's page, the session's cookies, the API. */
final class ConsoleSession {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static boolean scored;

    private ConsoleSession() {
    }

    /**
     * Once per test run: 300 synthetic customers over two years in the demo tenant, and a BG/NBD model trained on
     * them whose scores have reached the read model (a trained model scores the tenant by itself).
     */
    static synchronized void scoredDemoTenant() throws Exception {
        if (scored) {
            return;
        }
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("demo");
        assertEquals(200, post(gateway, token, "/v1/sample-data?n_customers=300&seed=18", null).statusCode());
        HttpResponse<String> job = post(gateway, token, "/v1/models/bg_nbd/train", null);
        assertEquals(202, job.statusCode(), job.body());
        String location = job.headers().firstValue("Location").orElseThrow();
        await(() -> {
            JsonNode status = get(gateway, token, location);
            assertTrue(!status.path("status").asText().equals("failed"), status.toString());
            return status.path("status").asText().equals("succeeded");
        }, 120, "the model trained");
        await(() -> {
            long n = 0;
            for (JsonNode s : get(gateway, token, "/v1/finance/customer-lifetime-value").path("data")) {
                n += s.path("scored_customers").asLong();
            }
            return n >= 300;
        }, 120, "the scores projected");
        scored = true;
    }

    /** A POST to the API with a client token ({@code json} null: no body). */
    static HttpResponse<String> post(String gateway, String token, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static void logIn(WebDriver browser, WebDriverWait wait, String gateway, String user) {
        browser.get(gateway + "/app/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains("/app/dashboard"));
    }

    static String cookies(WebDriver browser) {
        return browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    /** A console path fetched with the browser's session, as a download would be. */
    static HttpResponse<byte[]> download(WebDriver browser, String gateway, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Cookie", cookies(browser))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** An API answer with a client token; an empty object when it is not a 200. */
    static JsonNode get(String gateway, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    }

    /** The page as the browser drew it, to target/screenshots (the README's pictures are taken from there). */
    static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Path dir = Path.of("target/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("console-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
