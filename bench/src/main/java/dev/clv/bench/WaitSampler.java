package dev.clv.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Samples what PostgreSQL's busy backends are doing (pg_stat_activity's wait event, or running when there is none)
 * every 50 ms while a phase runs: whether the projection's time goes to work, to locks or to the WAL.
 */
final class WaitSampler implements AutoCloseable {
    private final Map<String, Integer> samples = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int rounds;

    private WaitSampler(String jdbc) {
        thread = new Thread(() -> sample(jdbc), "wait-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling the database at {@code jdbc}. */
    static WaitSampler start(String jdbc) {
        return new WaitSampler(jdbc);
    }

    private void sample(String jdbc) {
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement st = db.createStatement()) {
            while (running) {
                try (ResultSet rs = st.executeQuery("SELECT coalesce(wait_event_type || ':' || wait_event, 'running') "
                        + "FROM pg_stat_activity WHERE state = 'active' AND backend_type = 'client backend' "
                        + "AND pid <> pg_backend_pid()")) {
                    synchronized (samples) {
                        while (rs.next()) {
                            samples.merge(rs.getString(1), 1, Integer::sum);
                        }
                        rounds++;
                    }
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            System.out.println("  wait sampler stopped: " + e);
        }
    }

    /** Busy backends on average, by what they were doing, most frequent first. */
    String summary() {
        synchronized (samples) {
            int n = Math.max(1, rounds);
            return samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(8).map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / (double) n))
                    .collect(Collectors.joining(", "));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
