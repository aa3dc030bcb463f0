package dev.clv.bench;

import static dev.clv.bench.EndToEndBench.ms;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;

import dev.clv.devstack.ConsumerGroups;
import dev.clv.devstack.Stack;

/**
 * {@code ./benchmark scale}: the scale-out drill. The platform as {@code KAFKA_BROKERS=3 REPLICAS=2 ./stack up}
 * starts it (three brokers, two replicas of every service behind round-robin balancers, as Kubernetes Services
 * put them), a tenant writing purchases steadily through the gateway's balancer, each of its customers entering a
 * segment with a webhook; then one replica of each service and one broker killed with SIGKILL and restarted,
 * segmentation scaled 2 → 1 → 3 → 1 → 2, and a free-tier tenant spending its quota across both gateways. Reports
 * per phase what the writer met and how long each rebalance took, and at the end whether every accepted row is
 * stored exactly once and every customer's webhook arrived under one id. Exits 1 if not.
 */
public final class ScaleBench {
    static final PrintStream OUT = System.out;
    static final String TENANT = "scale-calm";
    static final String QUOTA_TENANT = "scale-quota";
    static final int FREE_EVENTS_PER_HOUR = 10_000; // gateway.rate-limits.tiers.free.events
    static final int QUOTA_ROWS = 500;
    static final int CUSTOMERS_PER_PHASE = 200;

    private final Settings settings;
    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(6)).build();
    private final TenantTokens tokens;
    private final SteadyWriter writer;
    private final ScaleDrill drill;
    private final List<String> findings = new ArrayList<>();

    record Settings(int phaseSeconds, int faultAt, int restartAfter, double rate, int rows, int warmup) {
        static Settings read() {
            return new Settings(Integer.getInteger("bench.phase-seconds", 30), Integer.getInteger("bench.fault-at", 5),
                    Integer.getInteger("bench.restart-after", 10),
                    Double.parseDouble(System.getProperty("bench.rate", "10")), Integer.getInteger("bench.rows", 50),
                    Integer.getInteger("bench.warmup", 20));
        }
    }

    private ScaleBench(Settings settings, Stack stack, Admin admin) {
        this.settings = settings;
        this.stack = stack;
        this.tokens = new TenantTokens(stack, TENANT, null);
        this.writer = new SteadyWriter("scale", TENANT, stack.url("gateway"), tokens, http, settings.rows(),
                CUSTOMERS_PER_PHASE, false, true, null);
        this.drill = new ScaleDrill(stack, admin, writer, settings, http);
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.read();
        Path repo = Path.of(System.getProperty("clv.repo.root", ".")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("clv-scale-");
        OUT.printf("scale-out drill: 3 Kafka brokers, 2 replicas of every service behind balancers; %s writes %.0f "
                + "requests/s of %d purchases through the gateway; phases of %d s (fault at +%d s, restart %d s "
                + "later); 2 cores shared by everything%n", TENANT, settings.rate(), settings.rows(),
                settings.phaseSeconds(), settings.faultAt(), settings.restartAfter());
        OUT.println("  stack home (logs/, data/): " + home);
        Path apps = BenchStack.snapshotApps(repo, home.resolve("apps"), OUT);
        Stack stack = BenchStack.stack(repo, apps, home, Map.of("KAFKA_BROKERS", "3", "REPLICAS", "2"));
        long began = System.nanoTime();
        OUT.println("Starting the platform as KAFKA_BROKERS=3 REPLICAS=2 ./stack up does:");
        stack.up(OUT);
        OUT.printf("  up in %.0f s%n", (System.nanoTime() - began) / 1e9);
        int exit;
        String bootstrap = IntStream.rangeClosed(1, 3).mapToObj(i -> "localhost:" + stack.port("kafka-" + i))
                .collect(Collectors.joining(","));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                WebhookReceiver receiver = WebhookReceiver.start()) {
            exit = new ScaleBench(settings, stack, admin).run(receiver);
        } finally {
            OUT.println("Stopping the platform; logs of every part: " + home.resolve("logs"));
            stack.down(new PrintStream(PrintStream.nullOutputStream()), false);
            BenchStack.deleteTree(apps);
        }
        System.exit(exit);
    }

    private int run(WebhookReceiver receiver) throws Exception {
        String gateway = stack.url("gateway");
        EndToEndBench.subscribe(http, tokens, gateway, receiver, "scale buyers", 1);
        drill.measureGroups();
        OUT.printf("Warm-up: %d s of load, unmeasured (its rows are checked like the others)%n", settings.warmup());
        writer.phase(0);
        writer.start(settings.rate());
        Thread.sleep(settings.warmup() * 1000L);
        drill.run();
        OUT.println("Load stopped; waiting for every request's answer, then for the projection to catch up");
        if (!writer.drain(Duration.ofSeconds(120))) {
            findings.add(writer.unresolved() + " requests still without an answer");
        }
        long expected = acceptedRows();
        long stored = awaitStored(expected);
        OUT.printf("  %,d rows accepted, %,d stored%n", expected, stored);
        drill.report();
        int rowsFailed = ledger();
        int hooksFailed = webhooks(receiver);
        findings.addAll(drill.findings());
        OUT.println();
        findings.forEach(f -> OUT.println("FINDING: " + f));
        boolean passed = rowsFailed == 0 && hooksFailed == 0 && findings.isEmpty();
        OUT.println(passed
                ? "PASSED: every accepted row stored exactly once, every customer's webhook delivered under one id"
                : "FAILED");
        return passed ? 0 : 1;
    }

    private long acceptedRows() {
        synchronized (writer.batches) {
            return writer.batches.stream().filter(SteadyWriter.Batch::accepted).mapToLong(b -> b.acceptedRows).sum();
        }
    }

    /** Waits until the tenant's stored rows reach {@code expected} or stop changing for a minute (5 min at most). */
    private long awaitStored(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        long last = -1;
        long changed = System.nanoTime();
        while (true) {
            long stored = storedRows();
            if (stored != last) {
                changed = System.nanoTime();
                last = stored;
            }
            if (stored >= expected || System.nanoTime() > deadline
                    || System.nanoTime() - changed > TimeUnit.MINUTES.toNanos(1)) {
                return stored;
            }
            Thread.sleep(1000);
        }
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres") + "/postgres",
                "postgres", "postgres");
    }

    private long storedRows() throws Exception {
        try (Connection db = database()) {
            return RowLedger.storedRows(db, List.of(TENANT));
        }
    }

    /** Prints the ledger per phase; answers how many rows were lost, duplicated or foreign. */
    private int ledger() throws Exception {
        Map<Integer, RowLedger> ledger;
        try (Connection db = database()) {
            ledger = RowLedger.of(db, writer);
        }
        OUT.println();
        OUT.println("Rows per phase, from the writer's ledger and from PostgreSQL (analytics.transactions, "
                + "analytics.customer_metrics) once the projection caught up:");
        String head = String.format("| %-4s | %-26s | %8s | %8s | %8s | %5s | %10s | %7s | %12s |", "#", "phase",
                "sent", "accepted", "counted", "lost", "duplicated", "foreign", "not accepted");
        OUT.println(head);
        OUT.println(head.replaceAll("[^|]", "-"));
        long bad = 0;
        for (Map.Entry<Integer, RowLedger> e : ledger.entrySet()) {
            RowLedger l = e.getValue();
            bad += l.lost() + l.duplicated() + l.foreign();
            OUT.printf("| %-4d | %-26s | %,8d | %,8d | %,8d | %5d | %10d | %7d | %,12d |%n", e.getKey(),
                    drill.phaseName(e.getKey()), l.sent(), l.accepted(), l.counted(), l.lost(), l.duplicated(),
                    l.foreign(), l.notAccepted());
            if (l.notAccepted() > 0) {
                findings.add(l.notAccepted() + " rows of phase " + e.getKey() + " never accepted");
            }
        }
        return (int) bad;
    }

    /** Every customer of an accepted row entered the segment: one webhook each, under one webhook-id. */
    private int webhooks(WebhookReceiver receiver) throws Exception {
        Set<String> customers = new HashSet<>();
        synchronized (writer.batches) {
            for (SteadyWriter.Batch b : writer.batches) {
                if (b.accepted()) {
                    IntStream.range(0, b.rows).forEach(i -> customers.add(b.customer(i)));
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!receiver.idsByCustomer().keySet().containsAll(customers) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        long missing = customers.stream().filter(c -> !receiver.idsByCustomer().containsKey(c)).count();
        long severalIds = receiver.idsByCustomer().values().stream().filter(ids -> ids.size() > 1).count();
        long strangers = receiver.idsByCustomer().keySet().stream().filter(c -> !customers.contains(c)).count();
        OUT.println();
        OUT.printf("Webhooks: %,d customers entered the segment; %,d received a signed segment.customer_added, %d "
                + "did not within 2 min; %d came under more than one webhook-id; %d messages came again under their "
                + "id (at least once); %d bad signatures; %d for customers never written%n", customers.size(),
                customers.size() - missing, missing, severalIds, receiver.repeats(), receiver.badSignatures(),
                strangers);
        Map<Integer, Integer> repeats = new java.util.TreeMap<>();
        receiver.repeatsByCustomer().forEach((customer, n) -> repeats.merge(java.util.Objects.requireNonNullElse(
                RowLedger.phaseOf(writer.name, customer), -1), n.get(), Integer::sum));
        if (!repeats.isEmpty()) {
            OUT.println("  messages that came again, by the phase their customer was written in: " + repeats);
        }
        return (int) (missing + severalIds + strangers + receiver.badSignatures());
    }

    static String seconds(long from, long to) {
        return String.format("%.1f s", (to - from) / 1e9);
    }

    static String latency(Latencies l) {
        return ms(l.percentileMillis(50)) + " / " + ms(l.percentileMillis(99)) + " / " + ms(l.percentileMillis(100));
    }
}
