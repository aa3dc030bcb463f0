package dev.clv.prediction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.clv.contracts.features.CustomerFeatures;

/**
 * What the analytics service answers for the CDNOW sample, computed here from the transaction file by the
 * definitions of {@link CustomerFeatures} (purchase days, net values per day), for tests that fake analytics.
 */
public final class CdnowFeatures {
    private static final Map<String, TreeMap<LocalDate, double[]>> DAYS = load();

    private CdnowFeatures() {
    }

    /** The sample's customers with a purchase by {@code end}, in the order of their sample ids. */
    public static List<CustomerFeatures> asOf(LocalDate end, LocalDate holdoutEnd, List<String> ids) {
        List<CustomerFeatures> rows = new ArrayList<>();
        DAYS.forEach((id, days) -> {
            if (!ids.isEmpty() && !ids.contains(id)) {
                return;
            }
            TreeMap<LocalDate, double[]> cal = new TreeMap<>(days.headMap(end, true));
            if (cal.isEmpty()) {
                return;
            }
            LocalDate first = cal.firstKey(), last = cal.lastKey();
            int x = cal.size() - 1;
            double net = cal.values().stream().mapToDouble(v -> v[1]).sum();
            int orders = (int) cal.values().stream().mapToDouble(v -> v[0]).sum();
            double repeat = cal.tailMap(first, false).values().stream().mapToDouble(v -> v[1]).sum();
            Integer holdoutPurchases = null;
            Double holdoutValue = null;
            if (holdoutEnd != null) {
                Map<LocalDate, double[]> later = days.subMap(end, false, holdoutEnd, true);
                holdoutPurchases = later.size();
                holdoutValue = later.values().stream().mapToDouble(v -> v[1]).sum();
            }
            rows.add(new CustomerFeatures(id, (double) days(first, end), x, days(first, last), x == 0 ? 0 : repeat / x,
                    (double) days(last, end), x + 1, net, (double) days(first, end), net / orders,
                    x == 0 ? null : (double) days(first, last) / x, orders, null, null, null, 0, null,
                    holdoutPurchases, holdoutValue));
        });
        return rows;
    }

    private static long days(LocalDate from, LocalDate to) {
        return to.toEpochDay() - from.toEpochDay();
    }

    /** Per sample customer id: day -> {transactions, value}. */
    private static Map<String, TreeMap<LocalDate, double[]>> load() {
        Map<String, TreeMap<LocalDate, double[]>> days = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CdnowFeatures.class.getResourceAsStream("/cdnow/CDNOW_sample.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                double[] day = days.computeIfAbsent(f[1], k -> new TreeMap<>()).computeIfAbsent(
                        LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE), k -> new double[2]);
                day[0]++;
                day[1] += Double.parseDouble(f[4]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return days;
    }
}
