package dev.clv.ingestion.stream;

/**
 * The ids of the live event stream: for each partition of {@code events.v1}, the offset its next record will have,
 * as this replica had read them when the message was sent ({@code 0-1523.1-988.2-1040}). Such an id says exactly
 * which of the tenant's events a client has been given, whichever replica served it: every record below those
 * offsets. A resume on any replica therefore sends the buffered events at or past them, once each and in the order
 * of their partitions. Clients treat the id as opaque.
 */
final class StreamIds {
    /** Longest id read back from {@code Last-Event-ID}; anything longer is not one of ours. */
    static final int MAX_LENGTH = 4096;
    private static final int MAX_PARTITIONS = 10_000;

    private StreamIds() {
    }

    static String encode(long[] next) {
        StringBuilder id = new StringBuilder(next.length * 8);
        for (int p = 0; p < next.length; p++) {
            if (p > 0) {
                id.append('.');
            }
            id.append(p).append('-').append(next[p]);
        }
        return id.toString();
    }

    /** The offsets an id names, indexed by partition (a partition it does not name is 0); null if not an id. */
    static long[] parse(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return null;
        }
        long[] next = new long[0];
        for (String pair : id.split("\\.", -1)) {
            int dash = pair.indexOf('-');
            if (dash <= 0 || dash == pair.length() - 1) {
                return null;
            }
            int partition;
            long offset;
            try {
                partition = Integer.parseInt(pair, 0, dash, 10);
                offset = Long.parseLong(pair, dash + 1, pair.length(), 10);
            } catch (NumberFormatException e) {
                return null;
            }
            if (partition < 0 || partition >= MAX_PARTITIONS || offset < 0) {
                return null;
            }
            if (partition >= next.length) {
                next = java.util.Arrays.copyOf(next, partition + 1);
            }
            next[partition] = offset;
        }
        return next;
    }

    static long at(long[] next, int partition) {
        return partition < next.length ? next[partition] : 0;
    }

    /** Whether {@code a} is at or past {@code b} in every partition. */
    static boolean covers(long[] a, long[] b) {
        for (int p = 0; p < b.length; p++) {
            if (at(a, p) < b[p]) {
                return false;
            }
        }
        return true;
    }

    /** Per partition, the later of the two. */
    static long[] max(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int p = 0; p < out.length; p++) {
            out[p] = Math.max(at(a, p), at(b, p));
        }
        return out;
    }
}
