package dev.clv.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowPresetTest {

    @Test
    void masterLinesBecomePurchasesWithStableIds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("CDNOW_master.txt");
        Files.writeString(file, " customer_id  date number_of_cds  dollar_value\n"
                + " 00001 19970101  1   11.77\n 00002 19970112  2   12.00\n");
        assertEquals(List.of(
                "{\"amount\":\"11.77\",\"currency\":\"USD\",\"customer_id\":\"00001\",\"quantity\":\"1\","
                        + "\"transaction_date\":\"1997-01-01\",\"transaction_id\":\"cdnow-00001-2\","
                        + "\"transaction_type\":\"purchase\"}",
                "{\"amount\":\"12.00\",\"currency\":\"USD\",\"customer_id\":\"00002\",\"quantity\":\"2\","
                        + "\"transaction_date\":\"1997-01-12\",\"transaction_id\":\"cdnow-00002-3\","
                        + "\"transaction_type\":\"purchase\"}"),
                rows(file));
    }

    @Test
    void sampleLinesUseTheFullSetsCustomerId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("CDNOW_sample.txt");
        Files.writeString(file, "   4   1 19970101   2  29.33\n");
        assertEquals("{\"amount\":\"29.33\",\"currency\":\"USD\",\"customer_id\":\"4\",\"quantity\":\"2\","
                + "\"transaction_date\":\"1997-01-01\",\"transaction_id\":\"cdnow-4-1\",\"transaction_type\":\"purchase\"}",
                rows(file).get(0));
    }

    private static List<String> rows(Path file) throws Exception {
        Presets.Preset preset = Presets.cdnow(file);
        List<String> out = new ArrayList<>();
        try (RowReader reader = preset.reader()) {
            while (reader.hasNext()) {
                out.add(preset.mapping().apply(reader.next()).toString());
            }
        }
        return out;
    }
}
