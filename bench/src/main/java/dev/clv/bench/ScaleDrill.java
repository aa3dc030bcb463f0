package dev.clv.bench;

import static dev.clv.bench.ScaleBench.OUT;
import static dev.clv.bench.ScaleBench.seconds;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

import dev.clv.devstack.ConsumerGroups;
import dev.clv.devstack.Stack;

/**
 * The scale-out drill's phases, run one after another under the writer's steady load: a baseline; one replica of
 * each service and one Kafka broker killed with SIGKILL and restarted {@code restartAfter} seconds later (as a
 * kubelet restarts a crashed container), timing how long its consumer group took to hand the dead replica's
 * partitions over and to take the restarted one back; segmentation scaled 2 → 1 → 3 → 1 → 2; a free-tier tenant
 * spending its quota through both gateways.
 */
final class ScaleDrill {
    /** The consumer group a service's replicas share that the drill times (prediction has none on the data path). */
    private static final Map<String, String> GROUPS = Map.of("ingestion-service", "ingestion-dead-letters",
            "analytics-service", "analytics-projector", "segmentation-service", "segmentation-profiles");
    private static final String SEGMENTATION = "segmentation-service";
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private record Phase(int index, String name, String part) {
    }

    private static final List<Phase> PHASES = List.of(new Phase(1, "baseline", null),
            new Phase(2, "kill -9 gateway-2", "gateway-2"),
            new Phase(3, "kill -9 ingestion-service-2", "ingestion-service-2"),
            new Phase(4, "kill -9 analytics-service-2", "analytics-service-2"),
            new Phase(5, "kill -9 prediction-service-2", "prediction-service-2"),
            new Phase(6, "kill -9 segmentation-service-2", "segmentation-service-2"),
            new Phase(7, "kill -9 kafka-2 (broker)", "kafka-2"),
            new Phase(8, "segmentation 2 → 1 → 3 → 1 → 2", null),
            new Phase(9, "quota across 2 gateways", null));

    private final Stack stack;
    private final Admin admin;
    private final SteadyWriter writer;
    private final ScaleBench.Settings settings;
    private final QuotaBurst quota;
    private final HttpClient http;
    private final Map<String, Integer> perReplica = new HashMap<>();
    private final Map<Integer, List<String>> events = new HashMap<>();
    private final List<String> findings = new ArrayList<>();

    ScaleDrill(Stack stack, Admin admin, SteadyWriter writer, ScaleBench.Settings settings, HttpClient http) {
        this.stack = stack;
        this.admin = admin;
        this.writer = writer;
        this.settings = settings;
        this.quota = new QuotaBurst(stack, http);
        this.http = http;
    }

    /** Each timed group's members per replica, from the group as two replicas make it up. */
    void measureGroups() throws Exception {
        for (String group : GROUPS.values()) {
            ConsumerGroups.awaitStable(admin, group, -1, 120);
            int members = ConsumerGroups.describe(admin, group).members().size();
            perReplica.put(group, Math.max(1, members / 2));
            OUT.printf("  consumer group %-24s %d members (2 replicas)%n", group, members);
        }
    }

    List<String> findings() {
        return findings;
    }

    String phaseName(int index) {
        return index == 0 ? "warm-up" : PHASES.get(index - 1).name();
    }

    void run() throws Exception {
        for (Phase phase : PHASES) {
            long start = System.nanoTime();
            writer.phase(phase.index());
            OUT.printf("Phase %d: %s%n", phase.index(), phase.name());
            List<String> notes = events.computeIfAbsent(phase.index(), i -> new ArrayList<>());
            sleepUntil(start + TimeUnit.SECONDS.toNanos(settings.faultAt()));
            try {
                if (phase.part() != null) {
                    kill(phase.part(), notes);
                } else if (phase.index() == 8) {
                    scale(notes);
                } else if (phase.index() == 9) {
                    notes.add(quota.run(findings));
                }
            } catch (Exception e) {
                findings.add("phase " + phase.index() + " (" + phase.name() + "): " + e.getMessage());
                notes.add("FAILED: " + e.getMessage());
            }
            sleepUntil(start + TimeUnit.SECONDS.toNanos(settings.phaseSeconds()));
            if (phase.index() == 1) {
                notes.add(served());
            }
            notes.forEach(n -> OUT.println("  " + n));
        }
    }

    private void kill(String part, List<String> notes) throws Exception {
        String service = part.replaceFirst("-\\d+$", "");
        String group = GROUPS.get(service);
        Set<String> before = group == null ? Set.of() : ConsumerGroups.memberIds(admin, group);
        long killed = System.nanoTime();
        stack.kill(part);
        CompletableFuture<Long> handedOver = group == null
                ? null
                : watch(() -> ConsumerGroups.awaitStable(admin,
                        group, g -> g.members().stream().filter(m -> before.contains(m.consumerId())).count() == before
                                .size() - perReplica.get(group),
                        120, "without the killed replica's members"));
        sleepUntil(killed + TimeUnit.SECONDS.toNanos(settings.restartAfter()));
        long restarting = System.nanoTime();
        stack.restart(part, QUIET);
        long ready = System.nanoTime();
        notes.add(String.format("%s SIGKILLed; restarted %d s later, ready in %s", part, settings.restartAfter(),
                seconds(restarting, ready)));
        if (group != null) {
            long moved = handedOver.get(130, TimeUnit.SECONDS);
            long whole = ConsumerGroups.awaitStable(admin, group, before.size(), 120);
            notes.add(String.format("%s: the dead replica's partitions handed over %s after the kill (%s); the group "
                    + "whole again %s after the restarted replica was ready", group, seconds(killed, moved),
                    moved < restarting
                            ? "before the restart"
                            : moved < ready
                                    ? "while it restarted"
                                    : "after the "
                                            + "restarted replica was ready",
                    seconds(ready, whole)));
        }
        if (part.startsWith("kafka-")) {
            long synced = awaitFullIsr();
            notes.add(String.format("every partition's in-sync replicas whole again %s after the broker was ready",
                    seconds(ready, synced)));
        }
    }

    /** Segmentation scaled 2 → 1 (SIGTERM) → 3 → 1 (SIGTERM) → 2, timing each rebalance. */
    private void scale(List<String> notes) throws Exception {
        String group = GROUPS.get(SEGMENTATION);
        int per = perReplica.get(group);
        long t = System.nanoTime();
        stack.stop(SEGMENTATION + "-2");
        notes.add("2 → 1 (SIGTERM): rebalanced in " + seconds(t, ConsumerGroups.awaitStable(admin, group, per, 120)));
        t = System.nanoTime();
        stack.startReplica(SEGMENTATION, SEGMENTATION + "-2", Map.of(), QUIET);
        stack.startReplica(SEGMENTATION, SEGMENTATION + "-3", Map.of(), QUIET);
        long ready = System.nanoTime();
        long stable = ConsumerGroups.awaitStable(admin, group, 3 * per, 120);
        notes.add("1 → 3: both new replicas ready in " + seconds(t, ready) + ", rebalanced " + seconds(ready, stable)
                + " after");
        t = System.nanoTime();
        stack.stop(SEGMENTATION + "-2");
        stack.stop(SEGMENTATION + "-3");
        notes.add("3 → 1 (SIGTERM both): rebalanced in " + seconds(t, ConsumerGroups.awaitStable(admin, group, per,
                120)));
        t = System.nanoTime();
        stack.startReplica(SEGMENTATION, SEGMENTATION + "-2", Map.of(), QUIET);
        ready = System.nanoTime();
        notes.add("1 → 2: the new replica ready in " + seconds(t, ready) + ", rebalanced " + seconds(ready,
                ConsumerGroups.awaitStable(admin, group, 2 * per, 120)) + " after");
    }

    /** HTTP requests each replica served so far (its own metrics), to show both take a share. */
    private String served() {
        StringBuilder text = new StringBuilder("HTTP requests served so far by replica 1 / 2:");
        for (String service : List.of("gateway", "ingestion-service", "analytics-service", "prediction-service",
                SEGMENTATION)) {
            text.append(' ').append(service).append(' ');
            for (String part : List.of(service, service + "-2")) {
                String port = service.equals("gateway")
                        ? stack.environment(part).get("MANAGEMENT_PORT")
                        : Integer.toString(stack.port(part));
                text.append(part.equals(service) ? "" : " / ").append(requests("http://localhost:" + port));
            }
            text.append(';');
        }
        return text.toString();
    }

    private String requests(String base) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return String.format("%,d", (long) metrics.lines()
                    .filter(l -> l.startsWith("http_server_requests_seconds_count{") && !l.contains("uri=\"/q/"))
                    .map(l -> l.replaceFirst(" # .*$", "")) // an exemplar (trace id, value, time) may follow
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /** Waits until every partition of every topic has all its replicas in sync again; answers when. */
    private long awaitFullIsr() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Collection<TopicDescription> topics = admin.describeTopics(admin.listTopics().names().get(30,
                    TimeUnit.SECONDS)).allTopicNames().get(30, TimeUnit.SECONDS).values();
            if (topics.stream().flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.isr().size() == p.replicas().size())) {
                return System.nanoTime();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("in-sync replicas not whole 180 s after the broker's restart");
    }

    /** The writer's figures per phase and what happened in each. */
    void report() {
        OUT.println();
        OUT.printf("Per phase: the writer's requests (%.0f/s of %d rows through the gateway's balancer), those sent "
                + "again after a failed attempt, the failed attempts' answers, and the time from a request's first "
                + "attempt to its 2xx (p50 / p99 / max), retries included%n", settings.rate(), settings.rows());
        String head = String.format("| %-2s | %-32s | %5s | %7s | %-24s | %-28s |", "#", "phase", "reqs", "retried",
                "failed attempts", "to 2xx p50 / p99 / max");
        OUT.println(head);
        OUT.println(head.replaceAll("[^|]", "-"));
        for (int i = 0; i <= PHASES.size(); i++) {
            SteadyWriter.PhaseStats s = writer.stats(i);
            OUT.printf("| %-2d | %-32s | %5d | %7d | %-24s | %-28s |%n", i, phaseName(i), s.requests.get(),
                    s.retried.get(), s.failures(), ScaleBench.latency(s.endToEnd));
        }
        OUT.println();
        OUT.println("What happened, per phase:");
        for (int i = 1; i <= PHASES.size(); i++) {
            for (String note : events.getOrDefault(i, List.of())) {
                OUT.printf("  %d %s: %s%n", i, phaseName(i), note);
            }
        }
    }

    private interface Wait {
        long await() throws Exception;
    }

    private static CompletableFuture<Long> watch(Wait wait) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return wait.await();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
