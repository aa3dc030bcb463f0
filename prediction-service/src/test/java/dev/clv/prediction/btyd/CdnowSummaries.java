package dev.clv.prediction.btyd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.clv.prediction.CdnowFeatures;

/** The CDNOW calibration summaries of the 2,357-customer sample (weeks), as published with the data set. */
final class CdnowSummaries {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    private CdnowSummaries() {
    }

    /**
     * The same summaries computed from the 6,919 transactions, by the features the tests' stand-in for analytics
     * serves: purchases grouped per customer and day, calibration through 1997-09-30, weeks from the first purchase
     * day, zbar the unrounded mean of the repeat days' values.
     */
    static List<PurchaseHistory> fromTransactions() {
        return CdnowFeatures.asOf(CALIBRATION_END, null, List.of()).stream()
                .map(f -> new PurchaseHistory(f.repeatPurchases(), f.daysToLastPurchase() / 7, f.daysObserved() / 7,
                        f.repeatMeanValue()))
                .toList();
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
