package dev.clv.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.FreePorts;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The read side at scale, in one run: (1) the generated data set (1M customers, about 10M transactions and 5M
 * interactions by default) is written to the raw topics, the analytics service is started and timed until its
 * consumer has caught up: persisted rows/s; (2) the same rows COPYed into copies of the raw tables: the
 * baseline; (3) p50/p99 of every endpoint at a constant arrival rate; (4) with the ingestion service in front,
 * freshness (2xx to readable) at half the maximum ingest rate.
 */
public final class AnalyticsBench {
    private AnalyticsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("clv.repo.root", "."));
        int customers = Integer.getInteger("bench.customers", 1_000_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        // durable commits as in production (zonky's test defaults turn fsync off)
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(FreePorts.next())
                .setServerConfig("fsync", System.getProperty("bench.fsync", "on"))
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on")
                .setServerConfig("shared_buffers", "2GB").setServerConfig("max_wal_size", "16GB")
                .setServerConfig("max_connections", "100").start();
        String jdbc = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        String kafka = KafkaResource.bootstrapServers();
        Map<String, String> oidc = new OidcResource().start();

        long started = System.nanoTime();
        long[] counts = DatasetProducer.produce(kafka, customers);
        long total = counts[0] + counts[1] + counts[2];
        System.out.printf("data set: %,d customers, %,d transactions, %,d interactions (%,d rows) written to Kafka "
                + "in %.0f s%n", counts[0], counts[1], counts[2], total, (System.nanoTime() - started) / 1e9);

        int analyticsPort = FreePorts.next();
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "DB_JDBC_URL", jdbc, "DB_REACTIVE_URL",
                "postgresql://localhost:" + pg.getPort() + "/postgres", "OIDC_ISSUER_URL",
                oidc.get("quarkus.oidc.auth-server-url"), "OIDC_AUDIENCE", "clv-platform", "PROJECTION_CONSUMERS", "3");
        CpuMeter cpu = new CpuMeter(ProcessHandle.current());
        cpu.start();
        started = System.nanoTime();
        ServiceProcess analytics = ServiceProcess.start(repo, "analytics-service", "1g", analyticsPort, with(env,
                "ANALYTICS_PORT", analyticsPort));
        awaitDrained(kafka);
        double projected = total / ((System.nanoTime() - started) / 1e9);
        CpuMeter.Usage projectionCpu = cpu.stop();
        System.out.printf("projection: %,.0f rows/s persisted, from the service's start to the consumer's last "
                + "commit (machine %.2f cores busy)%n", projected, projectionCpu.machineCores());
        double copy = CopyBaseline.rowsPerSecond(jdbc, customers, Path.of("bench/target/copy-baseline"));
        System.out.printf("raw COPY of the same rows into the same raw tables: %,.0f rows/s%n", copy);
        System.out.printf("ratio projection / COPY: %.2f%n", projected / copy);

        EndpointLatency endpoints = new EndpointLatency(analytics.base, () -> OidcResource.token(BenchData.TENANT,
                "analytics:read"));
        Random random = new Random(7);
        Supplier<String> customer = () -> "cust-" + (1 + random.nextInt(customers));
        String[] countries = {"US", "DE", "GB", "FR", "BR", "IN", "JP", "ES", "CA", "AU"};
        Supplier<String> country = () -> countries[random.nextInt(countries.length)];
        List<Object[]> plan = List.of(
                new Object[]{"/v1/customers/{id}", (Supplier<String>) () -> "/v1/customers/" + customer.get()},
                new Object[]{"/v1/customers/{id}/timeline", (Supplier<String>) () -> "/v1/customers/"
                        + customer.get() + "/timeline"},
                new Object[]{"/v1/customers?country&min_purchases", (Supplier<String>) () -> "/v1/customers?country="
                        + country.get() + "&min_purchases=3&limit=50"},
                new Object[]{"/v1/customers?sort=last_purchase_at", (Supplier<String>) () -> "/v1/customers?sort="
                        + "last_purchase_at&segment=smb&limit=50"},
                new Object[]{"customer_ltv?country", (Supplier<String>) () -> "/v0/pipes/customer_ltv.json?country="
                        + country.get() + "&limit=100"},
                fixed("ltv_by_cohort", "/v0/pipes/ltv_by_cohort.json"),
                fixed("customer_retention_analysis", "/v0/pipes/customer_retention_analysis.json"),
                fixed("ltv_influencing_factors", "/v0/pipes/ltv_influencing_factors.json"),
                fixed("ltv_forecast", "/v0/pipes/ltv_forecast.json?min_transactions=3"),
                fixed("customer_segmentation", "/v0/pipes/customer_segmentation.json"),
                fixed("customer_segmentation (window)",
                        "/v0/pipes/customer_segmentation.json?start_date=2024-07-01&end_date=2024-09-30"),
                fixed("reports/revenue (month, Berlin)", "/v1/reports/revenue?granularity=month&start_date=2023-01-01"
                        + "&end_date=2024-12-31&timezone=Europe/Berlin"),
                fixed("reports/engagement (day)", "/v1/reports/engagement?start_date=2024-10-01&end_date=2024-12-31"),
                fixed("reports/acquisition (week)", "/v1/reports/acquisition?granularity=week&start_date=2024-07-01"
                        + "&end_date=2024-12-31"),
                fixed("reports/retention (month)", "/v1/reports/retention?granularity=month&start_date=2024-10-01"
                        + "&end_date=2024-12-31"));
        List<String> c360 = List.of("marketing/customer-health-overview", "marketing/churn-risk-customers",
                "marketing/loyalty-program-metrics", "marketing/customer-segmentation",
                "product/digital-engagement-analysis", "product/cross-sell-opportunities",
                "product/category-insights", "finance/customer-lifetime-value", "finance/revenue-analysis",
                "finance/rfm-segmentation", "finance/profitability-metrics", "customer-success/support-insights",
                "customer-success/lifecycle-analysis", "analytics/customer-profiles");
        // -Dbench.endpoints=false goes straight to the ingest and freshness phases; -Dbench.only=a,b measures only
        // the endpoints whose name contains one of them
        boolean endpointsOn = Boolean.parseBoolean(System.getProperty("bench.endpoints", "true"));
        List<String> only = List.of(System.getProperty("bench.only", "").split(",")).stream()
                .filter(o -> !o.isBlank()).toList();
        java.util.function.Predicate<String> chosen = name -> endpointsOn
                && (only.isEmpty() || only.stream().anyMatch(name::contains));
        List<Object[]> measured = plan.stream().filter(p -> chosen.test((String) p[0])).toList();
        List<String> measured360 = c360.stream().filter(chosen).toList();
        System.out.println("endpoint | rate/s | requests | errors | p50 ms | p99 ms");
        for (Object[] p : measured) {
            report(endpoints.measure((String) p[0], cast(p[1]), 50, seconds));
        }
        // as a dashboard asks (no parameters: the whole-tenant answers come from snapshots), then live
        for (String path : measured360) {
            report(endpoints.measure(path, () -> "/v1/" + path, 50, seconds));
        }
        for (String path : measured360) {
            report(endpoints.measure(path + " (live)", () -> "/v1/" + path + "?reference_date=2025-01-15", 50,
                    seconds));
        }

        if (!Boolean.parseBoolean(System.getProperty("bench.freshness", "true"))) { // -Dbench.freshness=false
            analytics.close();
            holdIfAsked(jdbc);
            pg.close();
            System.exit(0);
        }
        int ingestionPort = FreePorts.next();
        ServiceProcess ingestion = ServiceProcess.start(repo, "ingestion-service", "512m", ingestionPort, with(env,
                "INGESTION_PORT", ingestionPort));
        FreshnessProbe probe = new FreshnessProbe(ingestion.base, analytics.base, () -> OidcResource.token(
                BenchData.TENANT, "events:write"), () -> OidcResource.token(BenchData.TENANT, "analytics:read"),
                customers);
        probe.maxRate(5, 8); // warm-up
        double max = probe.maxRate(20, 8);
        System.out.printf("ingestion with the projection running: %,.0f rows/s accepted%n", max);
        awaitDrained(kafka); // the backlog of the maximum-rate phase first
        BatchTimings before = BatchTimings.read(analytics.base);
        WaitSampler waits = WaitSampler.start(jdbc);
        Latencies freshness = probe.freshnessAt(max / 2, 30);
        waits.close();
        System.out.printf("freshness at %,.0f rows/s (half that): p50 %.0f ms, p99 %.0f ms (%d probes)%n", max / 2,
                freshness.percentileMillis(50), freshness.percentileMillis(99), freshness.count());
        System.out.println("  projection meanwhile: " + BatchTimings.read(analytics.base).since(before));
        System.out.println("  busy database backends meanwhile: " + waits.summary());
        awaitDrained(kafka);
        before = BatchTimings.read(analytics.base);
        waits = WaitSampler.start(jdbc);
        Latencies quarter = probe.freshnessAt(max / 4, 30);
        waits.close();
        System.out.printf("freshness at %,.0f rows/s (a quarter): p50 %.0f ms, p99 %.0f ms (%d probes)%n", max / 4,
                quarter.percentileMillis(50), quarter.percentileMillis(99), quarter.count());
        System.out.println("  projection meanwhile: " + BatchTimings.read(analytics.base).since(before));
        System.out.println("  busy database backends meanwhile: " + waits.summary());
        ingestion.close();
        analytics.close();
        holdIfAsked(jdbc);
        pg.close();
        System.exit(0);
    }

    /** -Dbench.hold=true keeps the database up to look into it: psql -h localhost -p PORT -U postgres. */
    private static void holdIfAsked(String jdbc) throws InterruptedException {
        if (Boolean.getBoolean("bench.hold")) {
            System.out.println("database kept up at " + jdbc + " until this process is stopped");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static Object[] fixed(String name, String path) {
        return new Object[]{name, (Supplier<String>) () -> path};
    }

    @SuppressWarnings("unchecked")
    private static Supplier<String> cast(Object supplier) {
        return (Supplier<String>) supplier;
    }

    private static void report(EndpointLatency.Result r) {
        System.out.printf("%s | %.1f | %d | %d | %.1f | %.1f%n", r.name(), r.rate(), r.requests(), r.errors(),
                r.p50(), r.p99());
    }

    private static Map<String, String> with(Map<String, String> env, String key, int port) {
        Map<String, String> out = new java.util.HashMap<>(env);
        out.put(key, Integer.toString(port));
        return out;
    }

    /** Waits until the projector's committed offsets reach the end of every raw topic it was sent. */
    private static void awaitDrained(String kafka) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin admin = Admin.create(props)) {
            long last = System.nanoTime();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        "analytics-projector").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                for (String topic : List.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS)) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
                long behind = 0;
                for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    behind += e.getValue().offset() - (c == null ? 0 : c.offset());
                }
                if (behind == 0) {
                    return;
                }
                if (System.nanoTime() - last > 10_000_000_000L) {
                    System.out.printf("  projecting: %,d records to go%n", behind);
                    last = System.nanoTime();
                }
                Thread.sleep(200);
            }
        }
    }
}
