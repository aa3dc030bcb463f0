package dev.clv.devstack;

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

    private ConsoleSession() {
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
