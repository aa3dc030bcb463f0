package dev.clv.prediction.btyd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The CDNOW calibration summaries of the 2,357-customer sample (weeks), as published with the data set. */
final class CdnowSummaries {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    private CdnowSummaries() {
    }

    /**
     * The same summaries computed from the 6,919 transactions: purchases grouped per customer and day, calibration
     * through 1997-09-30, weeks from the first purchase day, zbar the unrounded mean of the repeat days' values.
     */
    static List<PurchaseHistory> fromTransactions() {
        Map<Integer, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        try (BufferedReader in = reader("/cdnow/CDNOW_sample.txt")) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
                if (!day.isAfter(CALIBRATION_END)) {
                    days.computeIfAbsent(Integer.parseInt(f[1]), k -> new TreeMap<>()).merge(day,
                            Double.parseDouble(f[4]), Double::sum);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<PurchaseHistory> rows = new ArrayList<>();
        for (TreeMap<LocalDate, Double> byDay : days.values()) {
            LocalDate first = byDay.firstKey();
            int x = byDay.size() - 1;
            double repeatValue = byDay.tailMap(first, false).values().stream().mapToDouble(Double::doubleValue).sum();
            rows.add(new PurchaseHistory(x, ChronoUnit.DAYS.between(first, byDay.lastKey()) / 7.0,
                    ChronoUnit.DAYS.between(first, CALIBRATION_END) / 7.0, x == 0 ? 0 : repeatValue / x));
        }
        return rows;
    }

    /** ID, x, t_x, T, zbar (zbar is 0 for customers without repeat purchases). */
    static List<PurchaseHistory> withSpend() {
        List<PurchaseHistory> rows = new ArrayList<>();
        try (BufferedReader in = reader("/cdnow/cdnow_customers_summary_with_transactions.csv")) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                rows.add(new PurchaseHistory(Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static BufferedReader reader(String resource) {
        return new BufferedReader(new InputStreamReader(CdnowSummaries.class.getResourceAsStream(resource),
                StandardCharsets.UTF_8));
    }
}
