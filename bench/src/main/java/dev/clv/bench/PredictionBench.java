package dev.clv.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.prediction.FeatureRow;
import dev.clv.prediction.JobControl;
import dev.clv.prediction.btyd.BgNbdModel;
import dev.clv.prediction.btyd.BtydFit;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.btyd.ClvCalculator;
import dev.clv.prediction.btyd.GammaGammaModel;
import dev.clv.prediction.btyd.PurchaseHistory;
import dev.clv.prediction.registry.StoredModel;
import dev.clv.prediction.training.TrainRequest;
import dev.clv.prediction.training.TreeTraining;
import dev.clv.prediction.trees.OnnxTreeScorer;
import dev.clv.prediction.trees.TreeFeatures;
import dev.clv.testsupport.FreePorts;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcIssuer;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The prediction service's figures in one run: training time at 100k customers (BG/NBD + Gamma-Gamma, with and
 * without bootstrap; XGBoost's three boosters), BG/NBD scoring of 1M customers, ONNX Runtime rows/s in-process
 * in batches of 256, the same through {@code POST /v1/predict/batch} over HTTP (its ratio to in-process), and
 * single-prediction latency. Analytics is replaced by a server answering the same synthetic customers.
 */
public final class PredictionBench {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    private static final int BATCH = 256;

    private PredictionBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("clv.repo.root", "."));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "15"));
        int customers = Integer.parseInt(System.getProperty("bench.customers", "100000"));
        System.out.printf("prediction benchmark: %,d customers, %d s per phase, 2 cores shared by all%n", customers,
                seconds);
        List<CustomerFeatures> features = SyntheticCustomers.generate(customers, 7);
        List<PurchaseHistory> weeks = features.stream().map(f -> new PurchaseHistory(f.repeatPurchases(),
                f.daysToLastPurchase() / 7, f.daysObserved() / 7, f.repeatMeanValue())).toList();

        long start = System.nanoTime();
        BtydFit fit = BtydFitter.fit(weeks, new BtydFitter.Settings(0, 1, 20_000), JobControl.NONE);
        System.out.printf("1. BG/NBD + Gamma-Gamma fit, %,d customers: %.1f s (r=%.3f alpha=%.3f a=%.3f b=%.3f)%n",
                customers, secondsSince(start), fit.bgNbd().r(), fit.bgNbd().alpha(), fit.bgNbd().a(), fit.bgNbd().b());
        start = System.nanoTime();
        BtydFitter.fit(weeks, BtydFitter.Settings.DEFAULT, JobControl.NONE);
        System.out.printf("   the same with the default 20 bootstrap refits: %.1f s%n", secondsSince(start));
        LocalDate calibrationEnd = LocalDate.of(2024, 1, 1);
        TrainRequest trees = new TrainRequest(calibrationEnd, calibrationEnd.plusDays(SyntheticCustomers.HOLDOUT_DAYS),
                null, Map.of());
        start = System.nanoTime();
        StoredModel model = TreeTraining.train("bench", trees, features, 2, JobControl.NONE);
        System.out.printf("   XGBoost (mean, 5%%, 95%%; 200 rounds each, depth 4) + ONNX export: %.1f s%n",
                secondsSince(start));

        int million = Integer.parseInt(System.getProperty("bench.scored", "1000000"));
        List<PurchaseHistory> many = IntStream.range(0, million).mapToObj(i -> weeks.get(i % weeks.size())).toList();
        ClvCalculator clv = new ClvCalculator(new BgNbdModel(fit.bgNbd()), new GammaGammaModel(fit.gammaGamma()));
        start = System.nanoTime();
        double sum = many.parallelStream().mapToDouble(h -> clv.predict(h, 52, 4.348, 0.01).clv()).sum();
        System.out.printf("2. BG/NBD scoring (CLV over 12 months, P(alive), expected purchases) of %,d customers: "
                + "%.1f s on 2 threads, %,.0f customers/s (total CLV %.0f)%n", million, secondsSince(start),
                million / secondsSince(start), sum);

        float[] rows = encode(features, (List<String>) model.artifacts().get("countries"));
        double inProcess1, inProcess2;
        try (OnnxTreeScorer scorer = new OnnxTreeScorer(model.onnx(), TreeFeatures.width())) {
            onnxRowsPerSecond(scorer, rows, 2, 1);
            inProcess1 = onnxRowsPerSecond(scorer, rows, seconds, 1);
            inProcess2 = onnxRowsPerSecond(scorer, rows, seconds, 2);
        }
        System.out.printf("3. ONNX Runtime in-process, batches of %d: %,.0f rows/s on 1 thread, %,.0f on 2%n", BATCH,
                inProcess1, inProcess2);
        http(repo, features, seconds, inProcess1, inProcess2);
        System.exit(0);
    }

    private static void http(Path repo, List<CustomerFeatures> features, int seconds, double inProcess1,
            double inProcess2) throws Exception {
        Map<String, String> db = new PostgresResource().start();
        new OidcResource().start();
        OidcIssuer issuer = OidcResource.issuer();
        byte[] answer = JSON.writeValueAsBytes(features);
        Vertx vertx = Vertx.vertx();
        HttpServer analytics = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> r.response()
                .putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(answer))))
                .listen(0, "localhost").toCompletionStage().toCompletableFuture().get();
        int port = FreePorts.next();
        String base = "http://localhost:" + port;
        String token = issuer.token("bench", "predictions:read models:write");
        try (ServiceProcess prediction = ServiceProcess.start(repo, "prediction-service", "768m", port,
                Map.of("PREDICTION_PORT", Integer.toString(port), "OIDC_ISSUER_URL", issuer.issuer(), "DB_JDBC_URL",
                        db.get("quarkus.datasource.jdbc.url"), "DB_REACTIVE_URL",
                        db.get("quarkus.datasource.reactive.url"), "KAFKA_BOOTSTRAP_SERVERS",
                        KafkaResource.bootstrapServers(), "ANALYTICS_URL", "http://localhost:"
                                + analytics.actualPort()));
                HttpLoad load = new HttpLoad()) {
            train(base, token, "xgboost", "{\"calibration_end\":\"2024-01-01\",\"holdout_end\":\"2024-06-29\"}");
            train(base, token, "bg_nbd", "{\"calibration_end\":\"2024-01-01\",\"time_unit\":\"weeks\"}");
            StringBuilder batch = new StringBuilder("{\"rows\":[");
            for (int i = 0; i < BATCH; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"customer_id\":\"c").append(i).append("\",\"features\":")
                        .append(JSON.writeValueAsString(FeatureRow.of(features.get(i)))).append('}');
            }
            String body = batch.append("]}").toString();
            URI batchUri = URI.create(base + "/v1/predict/batch?model_type=xgboost");
            load.throughput(batchUri, token, body, 4, 3);
            double http = load.throughput(batchUri, token, body, 4, seconds) * BATCH;
            System.out.printf("4. POST /v1/predict/batch over HTTP (%d rows per request, 4 connections): %,.0f rows/s"
                    + " = %.2f of in-process on 1 thread, %.2f of 2 threads (goal: >= 0.5)%n", BATCH, http,
                    http / inProcess1, http / inProcess2);
            String one = "{\"features\":" + JSON.writeValueAsString(FeatureRow.of(features.get(1))) + "}";
            for (String type : List.of("xgboost", "bg_nbd")) {
                URI uri = URI.create(base + "/v1/predict?model_type=" + type);
                load.latency(uri, token, one, 100, 3);
                Latencies l = load.latency(uri, token, one, 200, seconds);
                System.out.printf("5. single POST /v1/predict?model_type=%s at 200/s: p50 %.2f ms, p99 %.2f ms%n",
                        type, l.percentileMillis(50), l.percentileMillis(99));
            }
        }
        vertx.close();
    }

    private static void train(String base, String token, String type, String body) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/" + type
                + "/train")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String job = base + accepted.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                accepted.body()));
        while (true) {
            JsonNode state = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(job))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            String status = state.get("status").asText();
            if (status.equals("succeeded")) {
                System.out.printf("   trained %s through the API (features over HTTP included): %.1f s%n", type,
                        secondsSince(start));
                return;
            }
            if (!status.equals("queued") && !status.equals("running")) {
                throw new IllegalStateException("training " + type + " ended " + state);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static double onnxRowsPerSecond(OnnxTreeScorer scorer, float[] rows, int seconds, int threads)
            throws InterruptedException {
        int width = TreeFeatures.width();
        int blocks = rows.length / width / BATCH;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] scored = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                float[] block = new float[BATCH * width];
                for (int b = id; System.nanoTime() < end; b = (b + 1) % blocks) {
                    System.arraycopy(rows, b * BATCH * width, block, 0, block.length);
                    try {
                        scorer.score(block, BATCH);
                    } catch (ai.onnxruntime.OrtException e) {
                        throw new IllegalStateException(e);
                    }
                    scored[id] += BATCH;
                }
            });
            workers[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            total += scored[t];
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static float[] encode(List<CustomerFeatures> features, List<String> countries) {
        float[] rows = new float[features.size() * TreeFeatures.width()];
        for (int i = 0; i < features.size(); i++) {
            TreeFeatures.encode(FeatureRow.of(features.get(i)), countries, rows, i * TreeFeatures.width());
        }
        return rows;
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
