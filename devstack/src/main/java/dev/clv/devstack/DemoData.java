package dev.clv.devstack;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small deterministic demo data set (same seed, same rows, same ids), sent through the public API like any
 * client would; re-loading it changes nothing because rows are keyed by their ids.
 */
final class DemoData {
    static final int CUSTOMERS = 500;
    private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "BR", "IN", "JP", "ES"};
    private static final String[] SOURCES = {"organic", "paid_search", "social", "referral", "email"};
    private static final String[] SEGMENTS = {"consumer", "smb", "enterprise"};
    private static final String[] CATEGORIES = {"books", "music", "electronics", "home", "apparel"};
    private static final String[] PAYMENTS = {"card", "paypal", "bank_transfer"};

    private DemoData() {
    }

    /** Loads customers and their transactions; answers {customers, transactions} accepted. */
    static int[] load(String gatewayUrl, String token) {
        Random random = new Random(20240501L);
        List<String> customers = new ArrayList<>();
        List<String> transactions = new ArrayList<>();
        LocalDate start = LocalDate.of(2023, 1, 1);
        for (int c = 1; c <= CUSTOMERS; c++) {
            String id = String.format("cust-%04d", c);
            LocalDate registered = start.plusDays(random.nextInt(540));
            customers.add(String.format("{\"customer_id\":\"%s\",\"registration_date\":\"%s\",\"country\":\"%s\","
                    + "\"age\":%d,\"gender\":\"%s\",\"acquisition_source\":\"%s\",\"segment\":\"%s\","
                    + "\"is_active\":%b}", id, registered, pick(random, COUNTRIES), 18 + random.nextInt(60),
                    random.nextBoolean() ? "f" : "m", pick(random, SOURCES), pick(random, SEGMENTS),
                    random.nextInt(10) > 1));
            int purchases = (int) Math.round(-Math.log(1 - random.nextDouble()) * 4);
            LocalDate day = registered;
            for (int t = 1; t <= purchases; t++) {
                day = day.plusDays(1 + random.nextInt(60));
                BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(20000), 2);
                transactions.add(String.format("{\"transaction_id\":\"%s-t%02d\",\"customer_id\":\"%s\","
                        + "\"transaction_date\":\"%s 12:00:00\",\"amount\":%s,\"currency\":\"USD\","
                        + "\"product_category\":\"%s\",\"transaction_type\":\"purchase\",\"payment_method\":\"%s\","
                        + "\"channel\":\"%s\"}", id, t, id, day, amount.toPlainString(), pick(random, CATEGORIES),
                        pick(random, PAYMENTS), random.nextBoolean() ? "web" : "app"));
            }
        }
        post(gatewayUrl + "/v0/events?name=customers", token, String.join("\n", customers));
        post(gatewayUrl + "/v0/events?name=transactions&wait=true", token, String.join("\n", transactions));
        return new int[]{customers.size(), transactions.size()};
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void post(String url, String token, String ndjson) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new Stack.StackException("Loading demo data failed: " + response.statusCode() + " "
                        + response.body());
            }
        } catch (IOException e) {
            throw new Stack.StackException("Loading demo data failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stack.StackException("interrupted");
        }
    }
}
