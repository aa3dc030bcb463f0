package dev.clv.importer;

import java.io.PrintStream;

/** A progress line on stderr: bar, rows done of total, rate and ETA; redrawn in place on a terminal. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long total;
    private final long started = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private long lastDrawn;

    Progress(PrintStream out, long total) {
        this.out = out;
        this.total = Math.max(total, 1);
    }

    /** Redraws at most every 200 ms on a terminal, every 5 s elsewhere (logs stay readable). */
    synchronized void update(long done, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDrawn < (terminal ? 200_000_000L : 5_000_000_000L)) {
            return;
        }
        lastDrawn = now;
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        double rate = done / seconds;
        int filled = (int) Math.min(WIDTH, WIDTH * done / total);
        String eta = rate > 0 && done < total ? String.format("%.0fs", (total - done) / rate) : "-";
        String line = String.format("[%s%s] %3d%%  %,d/%,d rows  %,.0f rows/s  ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.min(100, 100 * done / total), done, total, rate, eta);
        out.print(terminal ? "\r" + line : line + System.lineSeparator());
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
