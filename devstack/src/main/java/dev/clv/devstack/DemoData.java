package dev.clv.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.Dataset;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;

/**
 * A small deterministic demo data set from the shared generator (same seed, same rows, same ids), sent through the public API like any
 * client would; re-loading it changes nothing because rows are keyed by their ids.
 */
final class DemoData {
    static final int CUSTOMERS = 500;
    private static final int BATCH = 5_000;

    private DemoData() {
    }

    /** Loads customers, their transactions and interactions; answers {customers, transactions} sent. */
    static int[] load(String gatewayUrl, String token) {
        // the two years up to today, so that recency, status and health answers look like a living business;
        // a later re-load sends the same ids, which are ignored, so the first load's dates stay
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Dataset data = CustomerDataGenerator.generate(new CustomerDataGenerator.Spec(CUSTOMERS, 20240501L,
                today.minus(730, ChronoUnit.DAYS), today, CustomerDataGenerator.Truth.CDNOW, "cust-"));
        send(gatewayUrl + "/v0/events?name=customers", token, data.customers().stream()
                .map(GeneratedCustomer::toJson).toList());
        send(gatewayUrl + "/v0/events?name=customer_interactions", token, data.interactions().stream()
                .map(GeneratedInteraction::toJson).toList());
        send(gatewayUrl + "/v0/events?name=transactions&wait=true", token, data.transactions().stream()
                .map(GeneratedTransaction::toJson).toList());
        refusedRows(gatewayUrl, token, today);
        return new int[]{data.customers().size(), data.transactions().size()};
    }

    /**
     * A few rows the write API refuses (a date it cannot read, an amount that is not a number, an impossible age)
     * and purchases of a customer without a profile, so the data-quality view has something to show; sent once
     * (the quarantine keeps every refusal, so a re-load would add them again).
     */
    private static void refusedRows(String gatewayUrl, String token, Instant today) {
        HttpResponse<String> quarantined = exchange(HttpRequest.newBuilder(URI.create(gatewayUrl
                + "/v1/quarantine?limit=1000")).header("Authorization", "Bearer " + token).build());
        if (quarantined.statusCode() != 200 || quarantined.body().contains("demo-refused")) {
            return;
        }
        String day = today.minus(3, ChronoUnit.DAYS).toString();
        post(gatewayUrl + "/v0/events?name=transactions", token, String.join("\n",
                "{\"transaction_id\":\"demo-refused-1\",\"customer_id\":\"cust-1\",\"transaction_date\":"
                        + "\"31/12/2025\",\"amount\":19.99}",
                "{\"transaction_id\":\"demo-refused-2\",\"customer_id\":\"cust-2\",\"transaction_date\":\""
                        + day + "\",\"amount\":\"twelve\"}",
                "{\"transaction_id\":\"demo-orphan-1\",\"customer_id\":\"walk-in-1\",\"transaction_date\":\""
                        + day + "\",\"amount\":25.00}"));
        post(gatewayUrl + "/v0/events?name=customers", token, "{\"customer_id\":\"demo-refused-3\",\"age\":240}");
    }

    /** Three segments kept live by the segmentation service; answers how many were new (re-loads keep them). */
    static int segments(String gatewayUrl, String token) {
        List<String> bodies = List.of(
                "{\"name\":\"High value\",\"criteria\":{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}}",
                "{\"name\":\"Bought this month\",\"criteria\":{\"event\":\"purchase\",\"within_days\":30,"
                        + "\"op\":\"gte\",\"value\":1}}",
                "{\"name\":\"At risk\",\"description\":\"RFM: At Risk or Can't Lose Them\",\"criteria\":"
                        + "{\"field\":\"rfm_segment\",\"op\":\"in\",\"value\":[\"At Risk\",\"Can't Lose Them\"]}}");
        int created = 0;
        for (String body : bodies) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/segments"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            HttpResponse<String> response = exchange(request);
            if (response.statusCode() == 201 || response.statusCode() == 202) { // 202: still being evaluated
                created++;
            } else if (!response.body().contains("already have a segment")) {
                throw new Stack.StackException("Creating demo segments failed: " + response.statusCode() + " "
                        + response.body());
            }
        }
        return created;
    }

    /** Starts training a BG/NBD model on the demo data; the trained model scores every customer by itself. */
    static void model(String gatewayUrl, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/models/bg_nbd/train"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != 202) {
            throw new Stack.StackException("Training the demo model failed: " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static void send(String url, String token, List<String> rows) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            post(url, token, String.join("\n", rows.subList(from, Math.min(rows.size(), from + BATCH))));
        }
    }

    private static void post(String url, String token, String ndjson) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() >= 300) {
            throw new Stack.StackException("Loading demo data failed: " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Stack.StackException("Loading demo data failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stack.StackException("interrupted");
        }
    }
}
