package dev.clv.devstack;

import static dev.clv.devstack.ConsoleSession.cookies;
import static dev.clv.devstack.ConsoleSession.logIn;
import static dev.clv.devstack.ConsoleSession.screenshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The console's users page in a real headless Chromium against the real Keycloak: the admin sees exactly the demo
 * tenant's people, creates one, who logs in on Keycloak's page and must choose their own password, changes their
 * role and disables them (Keycloak then refuses the login); the admin's change to themself, a user of another
 * tenant, a viewer and a form without its CSRF token are all refused, and Keycloak records the changes.
 */
@ExtendWith(SharedStack.class)
class ConsoleUsersTest {
    @TempDir
    Path adminProfile;
    @TempDir
    Path userProfile;

    @Test
    void anAdministratorManagesThePeopleOfTheirTenant() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        RealmUsers realm = new RealmUsers(stack.url("keycloak"));
        long run = System.nanoTime();
        // a person of another tenant, never to be shown to or reached by the demo tenant's admin
        String strangerName = "stranger-" + run;
        String stranger = realm.create(strangerName, "other-" + run);
        String username = "u-" + run;
        String temporary = "Temporary-" + run;

        ChromeDriver admin = Chromium.start(adminProfile);
        ChromeDriver person = Chromium.start(userProfile);
        try {
            WebDriverWait wait = new WebDriverWait(admin, Duration.ofSeconds(60));
            WebDriverWait personWait = new WebDriverWait(person, Duration.ofSeconds(60));
            logIn(admin, wait, gateway, "admin");
            admin.findElement(By.id("nav-users")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("users")));
            TreeSet<String> demo = realm.usernamesOf("demo");
            assertTrue(demo.containsAll(List.of("viewer", "analyst", "admin")), demo.toString());
            assertEquals(demo, shown(admin));
            assertFalse(shown(admin).contains(strangerName));
            assertEquals("admin", row(admin, "admin").findElement(By.className("role")).getText());
            assertEquals(0, row(admin, "admin").findElements(By.tagName("form")).size(), "no change of oneself");

            // a new viewer, with a forged tenant field added to the form: the admin's tenant all the same
            admin.findElement(By.id("new-username")).sendKeys(username);
            admin.findElement(By.id("new-email")).sendKeys(username + "@example.com");
            admin.findElement(By.id("new-first-name")).sendKeys("New");
            admin.findElement(By.id("new-last-name")).sendKeys("Person");
            new Select(admin.findElement(By.id("new-role"))).selectByValue("viewer");
            admin.findElement(By.id("new-password")).sendKeys(temporary);
            ((JavascriptExecutor) admin).executeScript("const f = document.createElement('input'); f.type = 'hidden';"
                    + " f.name = 'tenant'; f.value = 'other-" + run + "'; document.getElementById('new-user')"
                    + ".appendChild(f);");
            admin.findElement(By.id("create-user")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
            JsonNode created = realm.user(username);
            String id = created.path("id").asText();
            assertEquals("[\"demo\"]", created.path("attributes").path("tenant").toString());
            assertEquals("[\"UPDATE_PASSWORD\"]", created.path("requiredActions").toString());
            assertTrue(realm.realmRoles(id).contains("viewer"), realm.realmRoles(id).toString());
            assertEquals(realm.usernamesOf("demo"), shown(admin));
            assertEquals("New Person", row(admin, username).findElement(By.className("name")).getText());
            assertEquals("viewer", row(admin, username).findElement(By.className("role")).getText());
            assertEquals("yes", row(admin, username).findElement(By.className("enabled")).getText());
            screenshot(admin, "users");

            // the same name again is refused by name (Keycloak's 409), and no second user appears
            admin.findElement(By.id("new-username")).sendKeys(username);
            admin.findElement(By.id("new-email")).sendKeys("another-" + run + "@example.com");
            admin.findElement(By.id("new-password")).sendKeys(temporary);
            admin.findElement(By.id("create-user")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refusal")));
            assertTrue(admin.findElement(By.id("refusal")).getText().startsWith("The username " + username
                    + " is taken"), admin.findElement(By.id("refusal")).getText());
            assertEquals(realm.usernamesOf("demo"), shown(admin));

            // the new person logs in with the temporary password and must set their own on Keycloak's page
            String password = "Own-password-" + run;
            person.get(gateway + "/app/");
            personWait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            person.findElement(By.id("username")).sendKeys(username);
            person.findElement(By.id("password")).sendKeys(temporary);
            person.findElement(By.id("kc-login")).click();
            personWait.until(ExpectedConditions.presenceOfElementLocated(By.id("password-new")));
            person.findElement(By.id("password-new")).sendKeys(password);
            person.findElement(By.id("password-confirm")).sendKeys(password + Keys.ENTER);
            personWait.until(ExpectedConditions.urlContains("/app/dashboard"));
            assertEquals("viewer", person.findElement(By.id("role")).getText());
            assertEquals(0, person.findElements(By.id("nav-users")).size());
            assertEquals("[]", realm.user(username).path("requiredActions").toString());

            // the admin makes them an analyst: their next login says so
            admin.get(gateway + "/app/admin/users");
            new Select(row(admin, username).findElement(By.name("role"))).selectByValue("analyst");
            row(admin, username).findElement(By.className("change-role")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
            assertEquals("analyst", row(admin, username).findElement(By.className("role")).getText());
            List<String> roles = realm.realmRoles(id);
            assertTrue(roles.contains("analyst") && !roles.contains("viewer") && !roles.contains("admin"),
                    roles.toString());
            person.get(gateway + "/app/logout");
            personWait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
            logInAs(person, personWait, gateway, username, password);
            personWait.until(ExpectedConditions.urlContains("/app/dashboard"));
            assertEquals("analyst", person.findElement(By.id("role")).getText());

            // the admin disables them: Keycloak refuses their next login
            row(admin, username).findElement(By.className("toggle-enabled")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
            assertEquals("no", row(admin, username).findElement(By.className("enabled")).getText());
            assertFalse(realm.user(username).path("enabled").asBoolean());
            signOutEverywhere(person);
            logInAs(person, personWait, gateway, username, password);
            personWait.until(d -> d.findElement(By.tagName("body")).getText().toLowerCase(Locale.ROOT).contains(
                    "disabled"));
            assertTrue(person.getCurrentUrl().startsWith(stack.url("keycloak")), person.getCurrentUrl());

            // forms posted by hand with the admin's session and a valid token: the server checks, not the page
            String csrfField = admin.findElement(By.cssSelector("#new-user input[type=hidden]")).getAttribute("name");
            String csrf = admin.findElement(By.cssSelector("#new-user input[type=hidden]")).getAttribute("value");
            String csrfCookie = admin.manage().getCookieNamed("csrf-token").getValue();
            String token = csrfField + "=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&";
            String adminId = row(admin, "admin").getAttribute("data-id");
            HttpResponse<String> self = post(gateway, "/app/admin/users/" + adminId + "/enabled", cookies(admin),
                    token + "enabled=false");
            assertEquals(409, self.statusCode(), self.body());
            assertTrue(self.body().contains("You cannot disable yourself"), self.body());
            HttpResponse<String> demote = post(gateway, "/app/admin/users/" + adminId + "/role", cookies(admin),
                    token + "role=viewer");
            assertEquals(409, demote.statusCode(), demote.body());
            assertTrue(demote.body().contains("You cannot remove your own admin role"), demote.body());
            assertTrue(realm.user("admin").path("enabled").asBoolean());
            assertTrue(realm.realmRoles(adminId).contains("admin"));
            // another tenant's user is no such user, exactly as an unknown id is, and stays as they were
            HttpResponse<String> other = post(gateway, "/app/admin/users/" + stranger + "/enabled", cookies(admin),
                    token + "enabled=false");
            assertEquals(404, other.statusCode(), other.body());
            assertTrue(other.body().contains("No such user") && !other.body().contains(strangerName), other.body());
            HttpResponse<String> unknown = post(gateway, "/app/admin/users/no-such-id-" + run + "/role", cookies(
                    admin), token + "role=admin");
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertTrue(realm.userById(stranger).path("enabled").asBoolean());
            assertEquals(List.of(), realm.realmRoles(stranger).stream().filter(r -> List.of("viewer", "analyst",
                    "admin").contains(r)).toList());
            // a role outside the three is refused before Keycloak is asked
            HttpResponse<String> realmAdmin = post(gateway, "/app/admin/users/" + id + "/role", cookies(admin),
                    token + "role=realm-admin");
            assertEquals(400, realmAdmin.statusCode(), realmAdmin.body());
            // without the CSRF token: 400 before anything runs
            HttpResponse<String> forged = post(gateway, "/app/admin/users/" + id + "/enabled", cookies(admin),
                    "enabled=true");
            assertEquals(400, forged.statusCode(), forged.body());
            assertFalse(realm.user(username).path("enabled").asBoolean());

            // a viewer: no link, the 403 page, and a POST with a valid token (the admin's, with its cookie) refused
            signOutEverywhere(person);
            logIn(person, personWait, gateway, "viewer");
            assertEquals(0, person.findElements(By.id("nav-users")).size());
            person.get(gateway + "/app/admin/users");
            assertEquals("Administrators only", person.findElement(By.tagName("h1")).getText());
            assertEquals(403, ConsoleSession.HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/app/admin/users")).header("Cookie", cookies(person)).build(), HttpResponse.BodyHandlers
                            .discarding())
                    .statusCode());
            String viewerCookies = person.manage().getCookies().stream().filter(c -> !c.getName().equals(
                    "csrf-token")).map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "))
                    + "; csrf-token=" + csrfCookie;
            HttpResponse<String> asViewer = post(gateway, "/app/admin/users/" + id + "/enabled", viewerCookies,
                    token + "enabled=true");
            assertEquals(403, asViewer.statusCode(), asViewer.body());
            assertFalse(realm.user(username).path("enabled").asBoolean());
        } finally {
            admin.quit();
            person.quit();
        }

        // Keycloak recorded the changes (admin events, with the representation but never the password), made by the
        // console's own client
        String client = realm.clientUuid("clv-console-users");
        boolean createdEvent = false;
        boolean disabledEvent = false;
        for (JsonNode e : realm.adminEvents()) {
            if (!e.path("authDetails").path("clientId").asText().equals(client)) {
                continue;
            }
            String path = e.path("resourcePath").asText();
            String representation = e.path("representation").asText();
            String userId = realm.user(username).path("id").asText();
            createdEvent |= e.path("operationType").asText().equals("CREATE") && path.equals("users/" + userId)
                    && representation.contains(username) && !representation.contains(temporary);
            disabledEvent |= e.path("operationType").asText().equals("UPDATE") && path.equals("users/" + userId)
                    && representation.contains("\"enabled\":false");
        }
        assertTrue(createdEvent && disabledEvent, realm.adminEvents().toString());
    }

    /** Forgets every cookie of the browser, the console's and Keycloak's (both on localhost, on their own paths). */
    private static void signOutEverywhere(ChromeDriver browser) {
        browser.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    private static void logInAs(WebDriver browser, WebDriverWait wait, String gateway, String username,
            String password) {
        browser.get(gateway + "/app/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    /** The usernames the page lists. */
    private static TreeSet<String> shown(WebDriver browser) {
        return browser.findElements(By.cssSelector("tr.user")).stream().map(r -> r.getAttribute("data-username"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static WebElement row(WebDriver browser, String username) {
        return browser.findElement(By.cssSelector("tr.user[data-username='" + username + "']"));
    }

    private static HttpResponse<String> post(String gateway, String path, String cookies, String form)
            throws Exception {
        return ConsoleSession.HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers
                        .ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
