package dev.clv.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Built-in formats. {@code cdnow}: the CDNOW transaction files (whitespace separated; the master file has
 * customer_id, date, number_of_cds, dollar_value; the 1/10 sample has an extra sample id after customer_id).
 * Each line becomes a purchase: transaction_id {@code cdnow-<customer>-<line>}, customer_id as in the file,
 * transaction_date from YYYYMMDD, amount = dollar_value in USD, quantity = number_of_cds (kept as an attribute).
 */
final class Presets {
    private Presets() {
    }

    record Preset(RowReader reader, ColumnMapping mapping) {
    }

    static Preset cdnow(Path file) throws IOException {
        List<String> columns = sampleFormat(file)
                ? List.of("customer_id", "sample_id", "date", "number_of_cds", "dollar_value")
                : List.of("customer_id", "date", "number_of_cds", "dollar_value");
        Properties mapping = new Properties();
        mapping.setProperty("transaction_id", "template:cdnow-{customer_id}-{line}");
        mapping.setProperty("customer_id", "customer_id");
        mapping.setProperty("transaction_date", "date|date:yyyyMMdd");
        mapping.setProperty("amount", "dollar_value");
        mapping.setProperty("quantity", "number_of_cds");
        mapping.setProperty("currency", "const:USD");
        mapping.setProperty("transaction_type", "const:purchase");
        return new Preset(RowReader.whitespace(file, columns), ColumnMapping.parse(mapping));
    }

    private static boolean sampleFormat(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] tokens = line.strip().split("\\s+");
                if (tokens.length > 0 && !tokens[0].isEmpty() && Character.isDigit(tokens[0].charAt(0))) {
                    return tokens.length == 5;
                }
            }
        }
        return false;
    }
}
