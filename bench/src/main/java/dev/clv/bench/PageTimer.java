package dev.clv.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Times a page round after round, each round followed by the page's API calls, so both see the same machine. */
final class PageTimer {
    private final int warmup;
    private final int rounds;
    private final long budgetNanos;

    /** A page's times: the console's and its API calls', each call's, failures and the first reason, cores busy. */
    record Result(ConsolePages.Page page, Latencies console, Latencies api, Map<String, Latencies> calls, int rounds,
            int failed, String problem, int bytes, double machineCores) {

        /** The calls by median time, slowest first. */
        Map<String, Latencies> slowestCalls() {
            Map<String, Latencies> sorted = new LinkedHashMap<>();
            calls.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, Latencies> e) -> e
                    .getValue().percentileMillis(50)).reversed()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }
    }

    /**
     * {@code warmup} untimed rounds, then {@code rounds}, fewer once {@code budgetSeconds} are spent (never fewer
     * than three): a page of twenty seconds would otherwise hold the run for a quarter of an hour.
     */
    PageTimer(int warmup, int rounds, int budgetSeconds) {
        this.warmup = warmup;
        this.rounds = rounds;
        this.budgetNanos = TimeUnit.SECONDS.toNanos(budgetSeconds);
    }

    Result time(ConsolePages.Page page, ConsoleSession session, ApiCalls api) throws Exception {
        api.clearCalls();
        for (int i = 0; i < warmup; i++) {
            session.get(page.path());
            api.startRound(false);
            try {
                page.plan().run(api);
            } catch (ApiCalls.Refused e) {
                // a warm-up round is not reported; the timed rounds count their own failures
            }
        }
        Latencies console = new Latencies();
        Latencies calls = new Latencies();
        int failed = 0;
        int bytes = 0;
        String problem = null;
        CpuMeter cpu = new CpuMeter(ProcessHandle.current());
        cpu.start();
        long start = System.nanoTime();
        int n = 0;
        while (n < rounds && (n < 3 || System.nanoTime() - start < budgetNanos)) {
            n++;
            ConsoleSession.Fetched fetched = session.get(page.path());
            if (fetched.ok()) {
                console.add(fetched.micros());
                bytes = fetched.bytes();
            } else {
                failed++;
                problem = problem != null
                        ? problem
                        : "page " + fetched.status() + (fetched.problem() == null ? "" : ": " + fetched.problem());
                if (fetched.status() / 100 == 3) {
                    session.login(); // the session lapsed: sign in again, untimed
                }
            }
            api.startRound(true);
            try {
                page.plan().run(api);
                calls.add(api.roundMicros());
            } catch (ApiCalls.Refused e) {
                failed++;
                problem = problem != null ? problem : "API: " + e.getMessage();
            }
        }
        return new Result(page, console, calls, Map.copyOf(api.byCall()), n, failed, problem, bytes, cpu.stop()
                .machineCores());
    }
}
