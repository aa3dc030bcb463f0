package dev.clv.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of one writer in one phase, from its ledger (every batch it sent and what was answered) and from PostgreSQL
 * (analytics.transactions and analytics.customer_metrics): sent; accepted = answered 2xx; counted = accepted ids
 * stored; lost = accepted but not stored; duplicated = the phase's customers' purchase counts minus their distinct
 * stored ids, plus ids stored twice; foreign = stored under the phase's customers but never sent.
 */
record RowLedger(String tenant, long sent, long accepted, long counted, long lost, long duplicated, long foreign,
        long notAccepted) {

    /** The ledger of every phase {@code w} wrote in, read once the projection has caught up. */
    static Map<Integer, RowLedger> of(Connection db, SteadyWriter w) throws SQLException {
        Map<String, Integer> storedTimes = new HashMap<>();
        Map<String, String> storedCustomer = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT transaction_id, customer_id FROM analytics.transactions WHERE tenant_id = ?")) {
            q.setFetchSize(10_000);
            q.setString(1, w.tenant);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    storedTimes.merge(rs.getString(1), 1, Integer::sum);
                    storedCustomer.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<String, Long> purchases = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT customer_id, purchase_count FROM analytics.customer_metrics WHERE tenant_id = ?")) {
            q.setFetchSize(10_000);
            q.setString(1, w.tenant);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    purchases.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<Integer, long[]> counts = new LinkedHashMap<>(); // sent, accepted, counted, lost, notAccepted
        Set<String> sent = new HashSet<>();
        for (SteadyWriter.Batch b : batches(w)) {
            long[] c = counts.computeIfAbsent(b.phase, p -> new long[5]);
            boolean whole = b.accepted() && b.acceptedRows == b.rows;
            for (int i = 0; i < b.rows; i++) {
                String id = b.id(i);
                sent.add(id);
                c[0]++;
                boolean stored = storedTimes.containsKey(id);
                if (whole) {
                    c[1]++;
                    if (stored) {
                        c[2]++;
                    } else {
                        c[3]++;
                    }
                } else if (!b.accepted()) {
                    c[4]++;
                }
            }
            if (b.accepted() && !whole) {
                // a 2xx that accounts for fewer rows than sent (quarantined ones): only its stored ids count
                c[1] += b.acceptedRows;
                long stored = java.util.stream.IntStream.range(0, b.rows)
                        .filter(i -> storedTimes.containsKey(b.id(i))).count();
                c[2] += stored;
                c[3] += Math.max(0, b.acceptedRows - stored);
            }
        }
        // per phase: purchase counts of its customers against their distinct stored ids, and strangers among them
        Map<Integer, Long> purchaseSum = new HashMap<>();
        Map<Integer, Long> distinctStored = new HashMap<>();
        Map<Integer, Long> twice = new HashMap<>();
        Map<Integer, Long> strangers = new HashMap<>();
        purchases.forEach((customer, count) -> {
            Integer phase = phaseOf(w.name, customer);
            if (phase != null) {
                purchaseSum.merge(phase, count, Long::sum);
            }
        });
        storedCustomer.forEach((id, customer) -> {
            Integer phase = phaseOf(w.name, customer);
            if (phase == null) {
                phase = -1;
            }
            distinctStored.merge(phase, 1L, Long::sum);
            if (storedTimes.get(id) > 1) {
                twice.merge(phase, (long) storedTimes.get(id) - 1, Long::sum);
            }
            if (!sent.contains(id)) {
                strangers.merge(phase, 1L, Long::sum);
            }
        });
        Map<Integer, RowLedger> out = new LinkedHashMap<>();
        Set<Integer> phases = new LinkedHashSet<>(counts.keySet());
        phases.addAll(strangers.keySet());
        for (int phase : phases) {
            long[] c = counts.getOrDefault(phase, new long[5]);
            long dup = purchaseSum.getOrDefault(phase, 0L) - distinctStored.getOrDefault(phase, 0L)
                    + twice.getOrDefault(phase, 0L);
            out.put(phase,
                    new RowLedger(w.tenant, c[0], c[1], c[2], c[3], dup, strangers.getOrDefault(phase, 0L), c[4]));
        }
        return out;
    }

    /** The phase a customer id of this writer carries ({@code calm-p03-c0042} → 3), or null. */
    static Integer phaseOf(String writer, String customer) {
        String prefix = writer + "-p";
        if (customer == null || !customer.startsWith(prefix) || customer.length() < prefix.length() + 2) {
            return null;
        }
        try {
            return Integer.parseInt(customer.substring(prefix.length(), prefix.length() + 2));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Rows the analytics projection has stored so far for {@code tenants}. */
    static long storedRows(Connection db, List<String> tenants) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM analytics.transactions WHERE tenant_id = ANY (?)")) {
            count.setArray(1, db.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<SteadyWriter.Batch> batches(SteadyWriter w) {
        synchronized (w.batches) {
            return new ArrayList<>(w.batches);
        }
    }
}
