package dev.clv.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.prediction.JobControl;
import dev.clv.prediction.btyd.BgNbdModel;
import dev.clv.prediction.btyd.BtydFit;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.btyd.ClvCalculator;
import dev.clv.prediction.btyd.GammaGammaModel;
import dev.clv.prediction.btyd.PurchaseHistory;

/** The views' predictions: bg_nbd trained through the API, or fitted here and its scores written as the service's. */
final class ModelScores {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double WEEK = 7;
    private static final double MONTH_IN_WEEKS = 30.4375 / WEEK;
    /** Each customer's BG/NBD history as of a day, as the analytics service's model features compute it. */
    private static final String HISTORIES = """
            WITH d AS (
              SELECT customer_id, day, purchases, net_revenue,
                min(day) FILTER (WHERE purchases > 0) OVER (PARTITION BY customer_id) AS first_day
              FROM analytics.customer_days WHERE tenant_id = ? AND day <= ?
            ), cal AS (
              SELECT customer_id, min(first_day) AS first_day, max(day) FILTER (WHERE purchases > 0) AS last_day,
                count(*) FILTER (WHERE purchases > 0) AS frequency,
                coalesce(sum(net_revenue) FILTER (WHERE day > first_day), 0) AS repeat_net
              FROM d GROUP BY customer_id
            )
            SELECT c.customer_id, cal.first_day, cal.last_day, coalesce(cal.frequency, 0),
              coalesce(cal.repeat_net, 0)
            FROM analytics.customers c LEFT JOIN cal ON cal.customer_id = c.customer_id
            WHERE c.tenant_id = ?
            """;

    private ModelScores() {
    }

    /**
     * Trains bg_nbd through the gateway without a body (the default window from the tenant's own data); the first
     * model of a tenant becomes active and the service scores every customer. Waits for the job, then until the
     * scores topic stops growing.
     */
    static void throughApi(String gateway, TenantTokens token, String kafka, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(gateway
                + "/v1/models/bg_nbd/train")).header("Authorization", "Bearer " + token.get())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String job = gateway + accepted.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "training was not accepted: " + accepted.statusCode() + " " + accepted.body()));
        JsonNode state;
        do {
            Thread.sleep(1000);
            state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(job)).header("Authorization",
                    "Bearer " + token.get()).build(), HttpResponse.BodyHandlers.ofString()).body());
        } while (state.path("status").asText().equals("queued") || state.path("status").asText().equals("running"));
        if (!state.path("status").asText().equals("succeeded")) {
            throw new IllegalStateException("training ended " + state);
        }
        out.printf("  bg_nbd trained through the API in %.1f s (job %s)%n", (System.nanoTime() - start) / 1e9, job);
        long scores = awaitScoresWritten(kafka);
        out.printf("  %,d scores published by the prediction service, %.1f s after the request%n", scores,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Reads every customer's history from the stack's PostgreSQL (a cursor; the same definition as the model
     * features), fits BG/NBD + Gamma-Gamma in weeks on {@code sample} of the customers with a purchase (no
     * bootstrap: only point predictions are published), scores all of them (12 months, 1% a month) and publishes
     * the scores.
     */
    static void inBench(String jdbc, String tenant, String kafka, int sample, PrintStream out) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        List<PurchaseHistory> days = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            db.setAutoCommit(false); // a cursor: a million rows are read a block at a time
            try (PreparedStatement read = db.prepareStatement(HISTORIES)) {
                read.setFetchSize(10_000);
                read.setString(1, tenant);
                read.setObject(2, today);
                read.setString(3, tenant);
                try (ResultSet r = read.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                        days.add(history(r, today));
                    }
                }
            }
        }
        out.printf("  %,d customers' histories read from PostgreSQL in %.1f s%n", ids.size(),
                (System.nanoTime() - start) / 1e9);
        List<PurchaseHistory> buyers = new ArrayList<>();
        days.stream().filter(h -> h.t() > 0).forEach(h -> buyers.add(weeks(h)));
        Collections.shuffle(buyers, new Random(42));
        List<PurchaseHistory> drawn = buyers.subList(0, Math.min(sample, buyers.size()));
        start = System.nanoTime();
        BtydFit fit = BtydFitter.fit(drawn, new BtydFitter.Settings(0, 42, 20_000), JobControl.NONE);
        out.printf("  BG/NBD + Gamma-Gamma fitted on %,d of %,d buyers in %.1f s (r %.3f, alpha %.3f, a %.3f, "
                + "b %.3f)%n", drawn.size(), buyers.size(), (System.nanoTime() - start) / 1e9, fit.bgNbd().r(),
                fit.bgNbd().alpha(), fit.bgNbd().a(), fit.bgNbd().b());
        ClvCalculator clv = new ClvCalculator(new BgNbdModel(fit.bgNbd()), new GammaGammaModel(fit.gammaGamma()));
        start = System.nanoTime();
        String model = UUID.nameUUIDFromBytes(("console-bench-" + tenant).getBytes()).toString();
        Instant now = Instant.now();
        AtomicReference<Exception> failure = new AtomicReference<>();
        int published = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(DatasetProducer.settings(kafka),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ids.size(); i++) {
                ClvCalculator.Clv p = clv.predict(weeks(days.get(i)), 12 * MONTH_IN_WEEKS, MONTH_IN_WEEKS, 0.01);
                // as the service does: a history the model cannot score is left out, never published as NaN
                if (!Double.isFinite(p.clv()) || !Double.isFinite(p.probabilityAlive())) {
                    continue;
                }
                CustomerScore score = new CustomerScore(tenant, ids.get(i), model, 1, BigDecimal.valueOf(p.clv())
                        .setScale(2, RoundingMode.HALF_EVEN), p.probabilityAlive(), p.expectedPurchases(), 12, now);
                producer.send(new ProducerRecord<>(Topics.SCORES, Topics.key(tenant, ids.get(i)), EventJson.write(
                        score)), (m, e) -> {
                            if (e != null) {
                                failure.set(e);
                            }
                        });
                published++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Kafka refused a score", failure.get());
        }
        out.printf("  %,d customers scored and their scores written to %s in %.1f s%n", published, Topics.SCORES,
                (System.nanoTime() - start) / 1e9);
    }

    // in days, as the service's ScoringInput holds it: x repeat purchase days, t_x, T from the first purchase
    private static PurchaseHistory history(ResultSet r, LocalDate today) throws java.sql.SQLException {
        LocalDate first = r.getObject(2, LocalDate.class);
        if (first == null) {
            return new PurchaseHistory(0, 0, 0, 0); // no purchase: scored as just acquired
        }
        LocalDate last = r.getObject(3, LocalDate.class);
        int x = Math.max(0, r.getInt(4) - 1);
        return new PurchaseHistory(x, last.toEpochDay() - first.toEpochDay(), today.toEpochDay() - first
                .toEpochDay(), x == 0 ? 0 : r.getBigDecimal(5).doubleValue() / x);
    }

    private static PurchaseHistory weeks(PurchaseHistory d) {
        return new PurchaseHistory(d.x(), d.tX() / WEEK, d.t() / WEEK, d.monetary());
    }

    /** Waits until {@code customer-scores.v1} has records and has not grown for 10 s; answers how many it holds. */
    private static long awaitScoresWritten(String kafka) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin admin = Admin.create(props)) {
            long last = -1;
            long since = System.nanoTime();
            while (true) {
                long total = 0;
                if (admin.listTopics().names().get().contains(Topics.SCORES)) {
                    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                    admin.describeTopics(List.of(Topics.SCORES)).allTopicNames().get().get(Topics.SCORES).partitions()
                            .forEach(p -> latest.put(new TopicPartition(Topics.SCORES, p.partition()), OffsetSpec
                                    .latest()));
                    for (var e : admin.listOffsets(latest).all().get().values()) {
                        total += e.offset();
                    }
                }
                if (total != last) {
                    last = total;
                    since = System.nanoTime();
                } else if (total > 0 && System.nanoTime() - since > 10_000_000_000L) {
                    return total;
                }
                Thread.sleep(1000);
            }
        }
    }
}
