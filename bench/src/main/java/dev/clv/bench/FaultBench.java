package dev.clv.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.clv.contracts.Topics;
import dev.clv.devstack.Stack;

/**
 * {@code ./benchmark faults}: the whole platform as {@code ./stack up} starts it, in a home of its own, with a calm
 * and a busy tenant writing steadily through the gateway, while faults are injected one after another: each
 * service killed with SIGKILL and restarted, PostgreSQL and the Kafka broker killed and restarted, poison records
 * on every topic the platform reads, a tenant over its quota, and a tenant sending abusive inputs. Per phase it
 * reports what the calm tenant saw (write latency, freshness of its rows, time to recover) and, from PostgreSQL at
 * the end, whether every accepted row of every tenant is stored exactly once. Exits 1 if a row was lost, counted
 * twice, or appeared in a tenant that never sent it.
 */
public final class FaultBench {
    private static final PrintStream OUT = System.out;
    static final String CALM = "fault-calm";
    static final String BUSY = "fault-busy";
    static final String QUOTA = "fault-quota";
    static final String ABUSER = "fault-abuser";
    static final String POISONER = "fault-poison";
    static final int CUSTOMERS_PER_PHASE = 200;
    static final int QUOTA_EVENTS_PER_HOUR = 10_000; // gateway: gateway.rate-limits.tiers.free.events
    static final int QUOTA_ROWS_PER_REQUEST = 500;
    /** How long a phase may run on, after its time, for the calm tenant's backlog to drain. */
    static final int COOL_DOWN_SECONDS = 120;
    /** With records waiting and nothing stored for this long, the projection is taken as stalled. */
    static final int STALLED_AFTER_SECONDS = 60;
    /** A write is "recovered" when its sample row is counted within this long of its 2xx. */
    static final long FRESH_FOR_RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Settings settings;
    private final Stack stack;
    private final HttpClient http;
    private final HttpClient abuseHttp;
    private final String gateway;
    private final FreshnessWatch watch;
    private final SteadyWriter calm;
    private final SteadyWriter busy;
    private final TenantTokens calmTokens;
    private final TenantTokens busyTokens;
    private final TenantTokens quotaTokens;
    private final TenantTokens abuserTokens;
    private final List<SteadyWriter> writers = new ArrayList<>();
    private final List<PhaseRun> runs = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Integer> poisonSent = new LinkedHashMap<>();
    private long deadLettersBefore = -1;
    private AbusiveInputs abuse;
    private List<String> abuseReport = List.of();
    private SteadyWriter quota;
    private List<String> longKeysReport = List.of();
    private final List<String> quotaAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> notQuiet = new ArrayList<>();
    private boolean caughtUp = true;

    /**
     * A phase of the suite, in the order they run: its index (run order, carried by customer ids), its number as
     * printed, its name for -Dbench.only, the alias phaseN, what it does. The phases that can leave a consumer
     * stalled for good on this build run last (long keys, then the poison), so that such a stall does not hide the
     * figures of the others.
     */
    private record Phase(int index, String number, String name, String alias, String fault, String part) {
    }

    private static final List<Phase> PHASES = List.of(
            new Phase(1, "1", "baseline", "phase1", "none", null),
            new Phase(2, "2a", "kill-ingestion", "phase2", "kill -9 ingestion-service, restart", "ingestion-service"),
            new Phase(3, "2b", "kill-analytics", "phase2", "kill -9 analytics-service, restart", "analytics-service"),
            new Phase(4, "2c", "kill-segmentation", "phase2", "kill -9 segmentation-service, restart",
                    "segmentation-service"),
            new Phase(5, "2d", "kill-prediction", "phase2", "kill -9 prediction-service, restart",
                    "prediction-service"),
            new Phase(6, "2e", "kill-gateway", "phase2", "kill -9 gateway, restart", "gateway"),
            new Phase(7, "3", "postgres", "phase3", "kill -9 PostgreSQL (launcher + server), restart", "postgres"),
            new Phase(8, "4", "kafka", "phase4", "kill -9 the Kafka broker, restart (log kept)", "kafka"),
            new Phase(9, "6", "quota", "phase6", "free-tier tenant sends 2x its hourly events quota", null),
            new Phase(10, "7a", "abuse", "phase7", "abusive inputs + heavy questions by another tenant", null),
            new Phase(11, "7b", "long-keys", "phase7", "rows with the longest keys the write API allows", null),
            new Phase(12, "5", "poison", "phase5", "poison records on all 9 topics", null));

    /** One phase as it ran: its clock (System.nanoTime) and what happened. */
    private static final class PhaseRun {
        final Phase phase;
        final long start;
        long injected;
        long ready;
        long end;
        CpuMeter.Usage cpu;
        double suiteCores;

        PhaseRun(Phase phase, long start) {
            this.phase = phase;
            this.start = start;
        }
    }

    private record Settings(int phaseSeconds, int faultAt, double rate, int rows, int warmup, Set<String> only,
            int abuserRows, int settleSeconds, int freshInFlight) {
        static Settings read() {
            String only = System.getProperty("bench.only", "");
            return new Settings(Integer.getInteger("bench.phase-seconds", 30), Integer.getInteger("bench.fault-at", 5),
                    Double.parseDouble(System.getProperty("bench.rate", "10")), Integer.getInteger("bench.rows", 50),
                    Integer.getInteger("bench.warmup", 20),
                    only.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(only.strip().split("\\s*,\\s*"))),
                    Integer.getInteger("bench.abuser-rows", 50_000), Integer.getInteger("bench.settle-seconds", 300),
                    Integer.getInteger("bench.fresh-in-flight", 32));
        }

        boolean selected(Phase p) {
            return only.isEmpty() || only.contains(p.name()) || only.contains(p.alias()) || only.contains(p.number());
        }
    }

    private FaultBench(Settings settings, Stack stack) {
        this.settings = settings;
        this.stack = stack;
        this.gateway = stack.url("gateway");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(6)).build();
        this.abuseHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        this.calmTokens = new TenantTokens(stack, CALM, null);
        this.busyTokens = new TenantTokens(stack, BUSY, null);
        this.watch = new FreshnessWatch(http, gateway, calmTokens, settings.freshInFlight(), this::calmPhase);
        this.calm = new SteadyWriter("calm", CALM, gateway, calmTokens, http, settings.rows(), CUSTOMERS_PER_PHASE,
                true, true, watch::watch);
        this.busy = new SteadyWriter("busy", BUSY, gateway, busyTokens, http, settings.rows(),
                CUSTOMERS_PER_PHASE, false, true, null);
        this.quotaTokens = new TenantTokens(stack, QUOTA, "free");
        this.abuserTokens = new TenantTokens(stack, ABUSER, null);
        writers.add(calm);
        writers.add(busy);
    }

    private int calmPhase() {
        return calm.phase();
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.read();
        Path repo = Path.of(System.getProperty("clv.repo.root", ".")).toAbsolutePath().normalize();
        Path home = System.getProperty("bench.home") != null
                ? Path.of(System.getProperty("bench.home")).toAbsolutePath()
                : Files.createTempDirectory("clv-faults-");
        List<Phase> phases = PHASES.stream().filter(settings::selected).toList();
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("-Dbench.only names no phase; phases: " + PHASES.stream()
                    .map(p -> p.name() + " (" + p.alias() + ")").collect(Collectors.joining(", ")));
        }
        OUT.printf("fault-and-abuse suite: %d phases of %d s (fault at +%d s), after a %d s warm-up; 2 cores shared "
                + "by everything%n", phases.size(), settings.phaseSeconds(), settings.faultAt(), settings.warmup());
        OUT.printf("  load: tenants %s and %s each send %.0f requests/s of %d purchases (%,.0f rows/s each) through "
                + "the gateway; %s samples one row per request for freshness%n", CALM, BUSY, settings.rate(),
                settings.rows(), settings.rate() * settings.rows(), CALM);
        OUT.println("  stack home (logs/, data/): " + home);

        // the services as packaged now: a rebuild by someone else during the run must not change what restarts;
        // -Dbench.apps=DIR keeps that copy in DIR and uses it again on later runs (delete DIR to take a new one)
        String kept = System.getProperty("bench.apps");
        Path apps = kept != null ? Path.of(kept).toAbsolutePath() : home.resolve("apps");
        if (kept == null || !Files.isDirectory(apps)) {
            BenchStack.snapshotApps(repo, apps, OUT);
        } else {
            OUT.println("  the services as copied before to " + apps);
        }
        Stack stack = BenchStack.stack(repo, apps, home, Map.of());
        stack.down(new PrintStream(PrintStream.nullOutputStream()), true); // a reused home starts empty
        BenchStack.deleteTree(home.resolve("logs"));
        long began = System.nanoTime();
        OUT.println("Starting the platform as ./stack up does:");
        stack.up(OUT);
        OUT.printf("  up in %.0f s%n", (System.nanoTime() - began) / 1e9);
        int exit;
        try {
            exit = new FaultBench(settings, stack).run(phases);
        } finally {
            OUT.println("Stopping the platform:");
            stack.down(OUT, false);
            if (kept == null) {
                BenchStack.deleteTree(apps);
            }
        }
        OUT.println("Logs of every part: " + home.resolve("logs"));
        System.exit(exit);
    }

    private int run(List<Phase> phases) throws Exception {
        // every tenant's Keycloak client made and its token fetched now, not inside the first timed request
        for (TenantTokens tokens : List.of(calmTokens, busyTokens, quotaTokens, abuserTokens)) {
            tokens.get();
        }
        boolean abusePhase = phases.stream().anyMatch(p -> p.name().equals("abuse"));
        if (abusePhase) {
            long t = System.nanoTime();
            int rows = AbusiveInputs.preload(abuseHttp, gateway, abuserTokens, settings.abuserRows());
            OUT.printf("Preloaded %,d purchases of %s (the heavy questions' data) in %.1f s%n", rows, ABUSER,
                    (System.nanoTime() - t) / 1e9);
        }
        OUT.println("Run order: " + phases.stream().map(p -> p.number() + " " + p.name())
                .collect(Collectors.joining(", ")));
        OUT.printf("Warm-up: %d s of load, unmeasured (its rows are checked like the others)%n", settings.warmup());
        calm.phase(0);
        busy.phase(0);
        calm.start(settings.rate());
        busy.start(settings.rate());
        Thread.sleep(settings.warmup() * 1000L);

        for (Phase phase : phases) {
            runPhase(phase);
        }

        OUT.println("Load stopped; waiting for every request's answer, then for the projection to catch up");
        for (SteadyWriter w : writers) {
            if (!w.drain(Duration.ofSeconds(120))) {
                findings.add(w.name + ": " + w.unresolved() + " requests still had no answer after 160 s");
            }
        }
        watch.drain(Duration.ofSeconds(65));
        watch.close();
        settle();
        return report(phases);
    }

    private void runPhase(Phase phase) throws Exception {
        PhaseRun run = new PhaseRun(phase, System.nanoTime());
        runs.add(run);
        calm.phase(phase.index());
        busy.phase(phase.index());
        CpuMeter cpu = new CpuMeter(ProcessHandle.current());
        cpu.start();
        SuiteCpu suiteCpu = new SuiteCpu(stack.home());
        suiteCpu.start();
        OUT.printf("Phase %s %s: %s%n", phase.number(), phase.name(), phase.fault());
        sleepUntil(run.start + TimeUnit.SECONDS.toNanos(settings.faultAt()));
        run.injected = System.nanoTime();
        long end = run.start + TimeUnit.SECONDS.toNanos(settings.phaseSeconds());
        switch (phase.name()) {
            case "baseline" -> run.injected = 0;
            case "poison" -> {
                String bootstrap = "localhost:" + stack.port("kafka");
                deadLettersBefore = endOffsets(bootstrap, Topics.ANALYTICS_DEAD_LETTERS);
                poisonSent.putAll(PoisonRecords.send(bootstrap, CALM, POISONER));
                OUT.printf("  +%.1f s %d poison records sent: %s%n", seconds(run.start, System.nanoTime()),
                        poisonSent.values().stream().mapToInt(Integer::intValue).sum(), poisonSent);
            }
            case "quota" -> {
                quota = new SteadyWriter("quota", QUOTA, gateway, quotaTokens, http, QUOTA_ROWS_PER_REQUEST,
                        CUSTOMERS_PER_PHASE, false, false, null);
                quota.phase(phase.index());
                quota.observer = (b, r) -> quotaAnswers.add(r.statusCode() + " " + r.headers().firstValue("RateLimit")
                        .orElse("(no RateLimit header)"));
                writers.add(quota);
                int requests = 2 * QUOTA_EVENTS_PER_HOUR / QUOTA_ROWS_PER_REQUEST;
                double window = Math.max(5, settings.phaseSeconds() - settings.faultAt() - 5);
                quota.limit(requests);
                quota.start(requests / window);
                OUT.printf("  +%.1f s %s (tier free: 1,000 calls and %,d events per hour) sends %d requests of %d "
                        + "rows over %.0f s (twice its hourly events quota), without retrying a 429%n",
                        seconds(run.start, run.injected), QUOTA, QUOTA_EVENTS_PER_HOUR, requests,
                        QUOTA_ROWS_PER_REQUEST, window);
            }
            case "abuse" -> {
                abuse = new AbusiveInputs(abuseHttp, gateway, abuserTokens);
                abuse.start();
                OUT.printf("  +%.1f s %s starts its abusive loops (gzip bomb: %s)%n",
                        seconds(run.start, run.injected), ABUSER, abuse.bombDescription());
            }
            case "long-keys" -> {
                List<String> answers = AbusiveInputs.longKeys(abuseHttp, gateway, abuserTokens);
                longKeysReport = answers;
                OUT.printf("  +%.1f s %s wrote one row per source with 512 three-byte characters in each key field: "
                        + "%s%n", seconds(run.start, run.injected), ABUSER, String.join(", ", answers));
            }
            default -> {
                stack.kill(phase.part());
                OUT.printf("  +%.1f s %s killed (SIGKILL); restarting it:%n", seconds(run.start, run.injected),
                        phase.part());
                stack.restart(phase.part(), OUT);
                run.ready = System.nanoTime();
                OUT.printf("  %s ready again %.1f s after the kill%n", phase.part(), seconds(run.injected,
                        run.ready));
                end = Math.max(end, run.ready + TimeUnit.SECONDS.toNanos(10));
            }
        }
        sleepUntil(end);
        if (abuse != null && phase.name().equals("abuse")) {
            abuse.close();
            abuseReport = abuse.report();
        }
        if (quota != null && phase.name().equals("quota")) {
            quota.stop();
        }
        // the phase lasts until the calm tenant's backlog has drained, so the next one starts from a recovered
        // platform: at most 3 s of samples waiting to be counted and of writes waiting for their 2xx
        long quietBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(COOL_DOWN_SECONDS);
        long backlog = Math.round(3 * settings.rate());
        long cooling = System.nanoTime();
        while (System.nanoTime() < quietBy && (watch.pending() > backlog || calm.unresolved() > backlog
                || busy.unresolved() > backlog)) {
            Thread.sleep(500);
        }
        if (watch.pending() > backlog || calm.unresolved() > backlog) {
            OUT.printf("  not quiet after %d s more (%d samples not yet counted, %d writes unanswered); going on%n",
                    COOL_DOWN_SECONDS, watch.pending(), calm.unresolved());
            notQuiet.add(phase.number());
        } else if (System.nanoTime() - cooling > TimeUnit.SECONDS.toNanos(1)) {
            OUT.printf("  backlog drained %.1f s after the phase's %d s%n", seconds(cooling, System.nanoTime()),
                    Math.round(seconds(run.start, cooling)));
        }
        run.end = System.nanoTime();
        run.cpu = cpu.stop();
        run.suiteCores = suiteCpu.stop();
        SteadyWriter.PhaseStats s = calm.stats(phase.index());
        OUT.printf("  %.0f s; calm: %d requests, 2xx p50 %.1f ms p99 %.1f ms, other answers %s; samples pending %d; "
                + "cores busy: the suite %.2f, the machine %.2f%n", seconds(run.start, run.end), s.requests.get(),
                s.latency.percentileMillis(50), s.latency.percentileMillis(99), s.failures(), watch.pending(),
                run.suiteCores, run.cpu.machineCores());
    }

    // ---------------------------------------------------------------------------------------------------- settle

    /**
     * Waits until the projection has caught up: the group analytics-projector has no lag and the stored rows of the
     * suite's tenants stopped changing (two checks 2 s apart), at most bench.settle-seconds; then up to 60 s more for
     * every other consumer group to reach the end of its topics.
     */
    private void settle() throws Exception {
        String bootstrap = "localhost:" + stack.port("kafka");
        long began = System.nanoTime();
        long deadline = began + TimeUnit.SECONDS.toNanos(settings.settleSeconds());
        long last = -1;
        long changed = began;
        int stable = 0;
        caughtUp = false;
        Map<String, Long> lags = Map.of();
        while (System.nanoTime() < deadline) {
            lags = groupLags(bootstrap);
            long stored = storedRows();
            caughtUp = lags.getOrDefault("analytics-projector", 0L) == 0;
            if (stored != last) {
                changed = System.nanoTime();
            }
            stable = caughtUp && stored == last ? stable + 1 : 0;
            last = stored;
            if (stable >= 2) {
                break;
            }
            if (System.nanoTime() - changed > TimeUnit.SECONDS.toNanos(STALLED_AFTER_SECONDS)) {
                break; // records wait but nothing is stored any more: a stalled projector, reported below
            }
            Thread.sleep(2000);
        }
        OUT.printf(caughtUp
                ? "Projection caught up after %.1f s (%,d rows stored for the suite's tenants)%n"
                : "Projection NOT caught up after %.1f s (%,d rows stored for the suite's tenants; records still "
                        + "waiting, nothing stored for " + STALLED_AFTER_SECONDS + " s)%n",
                seconds(began, System.nanoTime()), last);
        if (!caughtUp) {
            findings.add("the analytics projection stopped storing with " + lags.get("analytics-projector")
                    + " records still to consume (see logs/analytics-service.log)");
        }
        long others = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lags.values().stream().anyMatch(l -> l > 0) && System.nanoTime() < others) {
            Thread.sleep(2000);
            lags = groupLags(bootstrap);
        }
        OUT.println("Consumer groups, records not yet consumed (lag) at the end:");
        lags.forEach((group, lag) -> OUT.printf("  %-28s %,d%n", group, lag));
        lags.forEach((group, lag) -> {
            if (lag > 0) {
                findings.add("consumer group " + group + " still had " + lag + " records to consume at the end "
                        + "(stalled?)");
            }
        });
        if (deadLettersBefore >= 0) {
            long dead = endOffsets(bootstrap, Topics.ANALYTICS_DEAD_LETTERS) - deadLettersBefore
                    - poisonSent.getOrDefault(Topics.ANALYTICS_DEAD_LETTERS, 0);
            int raw = PoisonRecords.TOPICS.stream().filter(t -> analyticsReads(t))
                    .mapToInt(t -> poisonSent.getOrDefault(t, 0)).sum();
            OUT.printf("Dead letters written by the analytics projection since the poison: %d (of %d poison records "
                    + "on the topics it reads; the poisoner's own rightly keyed ones may be stored instead)%n", dead,
                    raw);
        }
    }

    private static boolean analyticsReads(String topic) {
        return List.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS, Topics.EVENTS, Topics.PRODUCTS,
                Topics.SCORES).contains(topic);
    }

    /** The platform's consumer groups and what each reads (architecture.md), so that one never seen still counts. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "analytics-projector", List.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS, Topics.EVENTS,
                    Topics.PRODUCTS, Topics.SCORES),
            "segmentation-profiles", List.of(Topics.PROFILE_CHANGES),
            "segmentation-scores", List.of(Topics.SCORES),
            "segmentation-models", List.of(Topics.MODEL_EVENTS),
            "ingestion-dead-letters", List.of(Topics.ANALYTICS_DEAD_LETTERS));

    /**
     * Records each consumer group has not consumed yet: for every partition of the topics it reads, the end offset
     * minus its committed offset, or minus the partition's first offset when it never committed one there.
     */
    static Map<String, Long> groupLags(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, Long> lags = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, List<String>> groups = new HashMap<>(GROUPS);
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                groups.putIfAbsent(group.groupId(), List.of());
            }
            for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
                List<String> topics = group.getValue().stream().filter(existing::contains).toList();
                if (!topics.isEmpty()) {
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((t, d) -> d
                            .partitions().forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                partitions.forEach(tp -> {
                    latest.put(tp, OffsetSpec.latest());
                    earliest.put(tp, OffsetSpec.earliest());
                });
                Map<TopicPartition, Long> ends = new HashMap<>();
                Map<TopicPartition, Long> starts = new HashMap<>();
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, o) -> ends.put(tp, o.offset()));
                admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                        .forEach((tp, o) -> starts.put(tp, o.offset()));
                long lag = 0;
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata at = committed.get(tp);
                    lag += Math.max(0, ends.getOrDefault(tp, 0L) - (at != null
                            ? at.offset()
                            : starts.getOrDefault(tp, 0L)));
                }
                lags.put(group.getKey(), lag);
            }
        }
        return lags;
    }

    private static long endOffsets(String bootstrap, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        } catch (java.util.concurrent.ExecutionException e) {
            return 0; // the topic does not exist yet
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres") + "/postgres",
                "postgres", "postgres");
    }

    private long storedRows() throws SQLException {
        try (Connection db = database()) {
            return RowLedger.storedRows(db, writers.stream().map(w -> w.tenant).toList());
        }
    }

    // ---------------------------------------------------------------------------------------------------- report

    private int report(List<Phase> phases) throws Exception {
        Map<String, Map<Integer, RowLedger>> ledgers = new LinkedHashMap<>();
        try (Connection db = database()) {
            db.setAutoCommit(false);
            for (SteadyWriter w : writers) {
                ledgers.put(w.name, RowLedger.of(db, w));
            }
            checkPoison(db);
        }
        List<PhaseRun> all = new ArrayList<>(runs);

        OUT.println();
        OUT.printf("Calm tenant (%s), per phase: its write requests (%.0f/s of %d rows) and what they met; 2xx latency "
                + "of the answering attempt; freshness of one sampled row per request (2xx until GET /v1/customers/{id} "
                + "counts it); recovery = fault until the first write sent after it whose 2xx came with its row "
                + "readable within 2 s; ready = fault until the killed part answered ready again%n", CALM,
                settings.rate(), settings.rows());
        String head = String.format("| %-4s | %-18s | %5s | %7s | %-24s | %9s | %9s | %9s | %9s | %9s | %9s | %-20s | "
                + "%8s | %8s | %-11s |", "#", "phase", "reqs", "retried", "writes: other answers", "write p50",
                "write p99", "e2e p99", "fresh p50", "fresh p99", "not fresh", "reads: other answers", "recovery",
                "ready", "cores s/m");
        OUT.println(head);
        OUT.println(head.replaceAll("[^|]", "-"));
        OUT.println(calmRow("0", "warm-up", null));
        for (PhaseRun run : all) {
            OUT.println(calmRow(run.phase.number(), run.phase.name(), run));
        }

        OUT.println();
        OUT.println("Rows per phase and tenant, from the ledger and from PostgreSQL (analytics.transactions, "
                + "analytics.customer_metrics) once the projection caught up: sent; accepted = answered 2xx "
                + "(successful_rows + duplicate_rows); counted = accepted ids stored; lost = accepted but not stored; "
                + "duplicated = sum of purchase_count over the phase's customers minus their distinct stored ids, "
                + "plus ids stored twice; foreign = stored under the phase's customers but never sent");
        String lhead = String.format("| %-4s | %-18s | %-12s | %8s | %8s | %8s | %5s | %10s | %7s | %12s |", "#",
                "phase", "tenant", "sent", "accepted", "counted", "lost", "duplicated", "foreign", "not accepted");
        OUT.println(lhead);
        OUT.println(lhead.replaceAll("[^|]", "-"));
        long lost = 0;
        long duplicated = 0;
        long foreign = 0;
        List<int[]> phaseList = new ArrayList<>();
        phaseList.add(new int[]{0});
        all.forEach(r -> phaseList.add(new int[]{r.phase.index()}));
        for (int[] p : phaseList) {
            String number = p[0] == 0
                    ? "0"
                    : all.stream().filter(r -> r.phase.index() == p[0]).findFirst()
                            .orElseThrow().phase.number();
            String name = p[0] == 0
                    ? "warm-up"
                    : all.stream().filter(r -> r.phase.index() == p[0]).findFirst()
                            .orElseThrow().phase.name();
            for (Map.Entry<String, Map<Integer, RowLedger>> e : ledgers.entrySet()) {
                RowLedger l = e.getValue().get(p[0]);
                if (l == null) {
                    continue;
                }
                lost += l.lost();
                duplicated += l.duplicated();
                foreign += l.foreign();
                OUT.printf("| %-4s | %-18s | %-12s | %,8d | %,8d | %,8d | %5d | %10d | %7d | %,12d |%n", number,
                        name, l.tenant(), l.sent(), l.accepted(), l.counted(), l.lost(), l.duplicated(),
                        l.foreign(), l.notAccepted());
            }
        }

        if (!poisonSent.isEmpty()) {
            OUT.println();
            OUT.println("Poison: records per topic " + poisonSent);
        }
        if (quota != null) {
            int index = PHASES.stream().filter(p -> p.name().equals("quota")).findFirst().orElseThrow().index();
            SteadyWriter.PhaseStats qs = quota.stats(index);
            long calm429 = calm.stats(index).count(s -> s == 429);
            OUT.println();
            OUT.printf("Quota: %s answered %s; 2xx %d; the calm tenant got %d × 429 in the phase%n", QUOTA,
                    qs.failures(), qs.count(s -> s / 100 == 2), calm429);
            synchronized (quotaAnswers) {
                OUT.println("  its answers in order, with the gateway's RateLimit header: " + String.join(" | ",
                        quotaAnswers.subList(0, Math.min(12, quotaAnswers.size())))
                        + (quotaAnswers.size() > 12
                                ? " | …"
                                : ""));
            }
            quota.batches.stream().filter(b -> b.finalStatus == 429).findFirst()
                    .ifPresent(b -> OUT.println("  first refusal: " + b.failure));
            if (qs.count(s -> s == 429) == 0) {
                findings.add("quota phase: the free-tier tenant got no 429 at twice its quota");
            }
            if (calm429 > 0) {
                findings.add("quota phase: the calm tenant got " + calm429 + " × 429");
            }
        }
        if (abuse != null) {
            OUT.println();
            OUT.println("Abuse (" + ABUSER + ", default tier), answers by kind:");
            abuseReport.forEach(OUT::println);
            if (abuse.serverErrors() > 0) {
                findings.add("abuse phase: " + abuse.serverErrors() + " answers 500 (unhandled errors)");
            }
            if (abuse.unexpected() > abuse.serverErrors()) {
                findings.add("abuse phase: " + (abuse.unexpected() - abuse.serverErrors())
                        + " answers outside the expected statuses (see the table)");
            }
        }
        if (!longKeysReport.isEmpty()) {
            OUT.println();
            OUT.println("Long keys (" + ABUSER + "): " + String.join(", ", longKeysReport));
        }
        notQuiet.forEach(p -> findings.add("phase " + p + ": the calm tenant's backlog had not drained "
                + COOL_DOWN_SECONDS + " s after the phase's time"));
        for (SteadyWriter w : List.of(calm, busy)) {
            w.batches.stream().filter(b -> !b.accepted() && b.failure != null).limit(3)
                    .forEach(b -> findings.add(w.name + " batch of phase " + b.phase + " not accepted: " + b.failure));
            long quarantined = w.batches.stream().mapToLong(b -> b.quarantinedRows).sum();
            if (quarantined > 0) {
                findings.add(w.name + ": " + quarantined + " valid rows were quarantined");
            }
        }
        for (PhaseRun run : all) {
            long server500 = calm.stats(run.phase.index()).count(s -> s == 500);
            if (server500 > 0) {
                findings.add("phase " + run.phase.number() + ": the calm tenant's writes got " + server500 + " × 500");
            }
            long read500 = watch.reads(run.phase.index()).count(s -> s == 500);
            if (read500 > 0) {
                findings.add("phase " + run.phase.number() + ": the calm tenant's reads (GET /v1/customers/{id}) got "
                        + read500 + " × 500 (an unhandled error, not a 503 with Retry-After)");
            }
        }
        boolean failed = lost > 0 || duplicated > 0 || foreign > 0 || findings.stream().anyMatch(f -> f.startsWith(
                "poison stored"));
        OUT.println();
        OUT.printf("Rows lost: %d, duplicated: %d, foreign: %d%n", lost, duplicated, foreign);
        if (!caughtUp && lost > 0) {
            OUT.println(
                    "  (the projection had stalled: the 'lost' rows are accepted rows it never stored; they wait in "
                            + "Kafka behind the record it cannot get past)");
        }
        if (findings.isEmpty()) {
            OUT.println("Findings: none");
        } else {
            OUT.println("Findings:");
            findings.forEach(f -> OUT.println("  - " + f));
        }
        OUT.println(failed
                ? "FAILED: a row was lost, counted twice or stored where it does not belong"
                : "PASSED: every accepted row stored exactly once, in its own tenant");
        return failed ? 1 : 0;
    }

    private String calmRow(String number, String name, PhaseRun run) {
        int index = run == null ? 0 : run.phase.index();
        SteadyWriter.PhaseStats s = calm.stats(index);
        Latencies fresh = new Latencies();
        long stale = 0;
        for (SteadyWriter.Batch b : snapshot(calm)) {
            if (b.phase != index || !b.accepted()) {
                continue;
            }
            if (b.freshNanos != 0) {
                fresh.add((b.freshNanos - b.acceptedNanos) / 1000);
            } else {
                stale++;
            }
        }
        String recovery = "-";
        String ready = "-";
        if (run != null && run.injected != 0) {
            recovery = recovery(run.injected);
            if (run.ready != 0) {
                ready = String.format("%.1f s", seconds(run.injected, run.ready));
            }
        }
        return String.format("| %-4s | %-18s | %5d | %7d | %-24s | %9s | %9s | %9s | %9s | %9s | %9d | %-20s | "
                + "%8s | %8s | %-11s |", number, name, s.requests.get(), s.retried.get(), s.failures(),
                ms(s.latency.percentileMillis(50)), ms(s.latency.percentileMillis(99)),
                ms(s.endToEnd.percentileMillis(99)), ms(fresh.percentileMillis(50)), ms(fresh.percentileMillis(99)),
                stale, watch.reads(index).failures(status -> status / 100 != 2 && status != 404), recovery, ready,
                run == null || run.cpu == null
                        ? ""
                        : String.format("%.2f / %.2f", run.suiteCores,
                                run.cpu.machineCores()));
    }

    /**
     * Seconds from the fault until the 2xx of the first calm write first sent after it whose sample row was counted
     * within 2 s of that 2xx: both the write path and the read path work again from then on.
     */
    private String recovery(long injected) {
        return snapshot(calm).stream().filter(b -> b.createdNanos >= injected && b.accepted() && b.freshNanos != 0
                && b.freshNanos - b.acceptedNanos <= FRESH_FOR_RECOVERY_NANOS)
                .min(Comparator.comparingLong(b -> b.acceptedNanos))
                .map(b -> String.format("%.1f s", seconds(injected, b.acceptedNanos))).orElse("never");
    }

    private static List<SteadyWriter.Batch> snapshot(SteadyWriter w) {
        synchronized (w.batches) {
            return new ArrayList<>(w.batches);
        }
    }

    /** Rows of the poison that must never be stored: any id column of analytics and segmentation naming them. */
    private void checkPoison(Connection db) throws SQLException {
        if (poisonSent.isEmpty()) {
            return;
        }
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("""
                SELECT table_schema, table_name, column_name FROM information_schema.columns
                WHERE table_schema IN ('analytics', 'segmentation') AND data_type = 'text'
                  AND EXISTS (SELECT 1 FROM information_schema.columns t WHERE t.table_schema = columns.table_schema
                              AND t.table_name = columns.table_name AND t.column_name = 'tenant_id')
                  AND column_name IN ('customer_id', 'transaction_id', 'interaction_id', 'event_id', 'product_id',
                                      'model_id')
                ORDER BY 1, 2, 3"""); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        Map<String, java.util.SortedSet<String>> own = new java.util.TreeMap<>();
        for (String[] c : columns) {
            String table = c[0] + "." + c[1];
            try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT tenant_id, " + c[2] + " FROM " + table
                    + " WHERE " + c[2] + " LIKE 'poison-%' LIMIT 50"); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(2);
                    if (id.startsWith(PoisonRecords.BAD)) {
                        findings.add("poison stored: " + table + "." + c[2] + " holds '" + id + "' for tenant "
                                + rs.getString(1) + " (a record that names no tenant, two tenants, or cannot be "
                                + "read must never be stored)");
                    } else {
                        own.computeIfAbsent(id.substring(PoisonRecords.OWN.length()), k -> new java.util.TreeSet<>())
                                .add(table);
                    }
                }
            }
        }
        OUT.println("Poison stored, checked in " + columns.size() + " id columns of analytics and segmentation: none "
                + "of the unreadable, tenantless or two-tenant records" + (findings.stream().anyMatch(f -> f
                        .startsWith("poison stored")) ? " — EXCEPT the ones under Findings" : "")
                + "; of the poisoner's own rightly keyed ones (stored or dead-lettered, either is fine): "
                + (own.isEmpty()
                        ? "none stored"
                        : own.entrySet().stream().map(e -> e.getKey() + " in "
                                + String.join(", ", e.getValue())).collect(Collectors.joining("; "))));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return millis >= 10_000
                ? String.format("%.1f s", millis / 1000)
                : millis >= 100 ? String.format("%.0f ms", millis) : String.format("%.1f ms", millis);
    }
}
