package dev.clv.bench;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person signed in to the console through Keycloak's login form with plain java.net.http; timed GETs. */
final class ConsoleSession {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    /** Where the console's problem page (problem.html) puts its reason. */
    private static final String PROBLEM = "id=\"problem\">";
    private final HttpClient http;
    private final String gateway;
    private final String user;
    private final String password;

    /** One page or export as it was served: status, time from the request to its last byte, size, any problem. */
    record Fetched(int status, long micros, int bytes, String problem) {
        boolean ok() {
            return status == 200 && problem == null;
        }
    }

    ConsoleSession(String gateway, String user, String password) {
        this.gateway = gateway;
        this.user = user;
        this.password = password;
        // redirects are followed by hand: a timed page must be the page itself, never a trip through the login
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new LocalhostIsSecure(new CookieManager(null, CookiePolicy.ACCEPT_ALL)))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Logs in: the dashboard redirects to Keycloak, whose form is posted, and the redirects lead back through
     * {@code /app/callback} until the dashboard answers 200.
     */
    void login() throws IOException, InterruptedException {
        HttpResponse<String> r = follow(send(HttpRequest.newBuilder(URI.create(gateway + "/app/dashboard"))));
        if (r.statusCode() == 200 && r.uri().getPath().startsWith("/app/dashboard")) {
            return; // Keycloak still knew the person (its own session): no form to fill in
        }
        Matcher action = FORM_ACTION.matcher(r.body());
        if (r.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("no login form at " + r.uri() + " (" + r.statusCode() + ")");
        }
        URI post = r.uri().resolve(action.group(1).replace("&amp;", "&"));
        String form = "username=" + encode(user) + "&password=" + encode(password) + "&credentialId=";
        r = follow(send(HttpRequest.newBuilder(post).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))));
        if (r.statusCode() != 200 || !r.uri().getPath().startsWith("/app/dashboard")) {
            Matcher title = TITLE.matcher(r.body());
            throw new IllegalStateException(user + " did not get the dashboard after logging in: " + r.statusCode()
                    + " at " + r.uri() + (title.find() ? " (" + title.group(1).strip() + ")" : ""));
        }
    }

    /** GETs {@code path} (under /app) once and reads it whole; a redirect (to the login) is not the page. */
    Fetched get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(120))
                .GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long micros = (System.nanoTime() - start) / 1000;
        String problem = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) {
            // a view that cannot show itself says why on the same page (some with 200)
            String body = new String(r.body(), StandardCharsets.UTF_8);
            int at = body.indexOf(PROBLEM);
            if (at >= 0) {
                int from = at + PROBLEM.length();
                problem = body.substring(from, Math.max(from, body.indexOf('<', from))).strip();
            }
        }
        if (r.statusCode() / 100 == 3) {
            problem = "redirected to " + r.headers().firstValue("Location").orElse("?");
        }
        return new Fetched(r.statusCode(), micros, r.body().length, problem);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // at most ten hops: the console, Keycloak, the callback, the page the login began at
    private HttpResponse<String> follow(HttpResponse<String> r) throws IOException, InterruptedException {
        for (int hops = 0; hops < 10 && r.statusCode() / 100 == 3; hops++) {
            URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
            r = send(HttpRequest.newBuilder(next));
        }
        return r;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Sends cookies marked Secure back to http://localhost too, as browsers do (localhost counts as a secure
     * origin there); Java's cookie manager would keep them for https only.
     */
    private static final class LocalhostIsSecure extends CookieHandler {
        private final CookieHandler cookies;

        LocalhostIsSecure(CookieHandler cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            boolean local = "http".equals(uri.getScheme()) && "localhost".equals(uri.getHost());
            return cookies.get(local ? URI.create("https" + uri.toString().substring(4)) : uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            cookies.put(uri, headers);
        }
    }
}
