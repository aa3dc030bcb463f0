package dev.clv.prediction.scoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Streams an NDJSON batch: reads rows in chunks, scores each chunk and writes one answer line per input line, in
 * order (blank lines are skipped), so memory stays bounded whatever the size.
 */
final class NdjsonScoring {
    private static final int CHUNK = 2_000;
    private final ObjectMapper json;
    private final Function<List<RowReader.Parsed>, List<PredictionService.Outcome>> score;

    NdjsonScoring(ObjectMapper json, Function<List<RowReader.Parsed>, List<PredictionService.Outcome>> score) {
        this.json = json;
        this.score = score;
    }

    void run(InputStream body, OutputStream out) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<RowReader.Parsed> chunk = new ArrayList<>(CHUNK);
        int row = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                chunk.add(RowReader.parse(json.readTree(line)));
            } catch (JsonProcessingException e) {
                chunk.add(RowReader.Parsed.failed("line", "not a JSON prediction request: " + e.getOriginalMessage()));
            }
            if (chunk.size() == CHUNK) {
                row = write(out, chunk, row);
            }
        }
        write(out, chunk, row);
    }

    private int write(OutputStream out, List<RowReader.Parsed> chunk, int firstRow) throws IOException {
        if (chunk.isEmpty()) {
            return firstRow;
        }
        StringBuilder text = new StringBuilder(chunk.size() * 256);
        for (PredictionService.Outcome o : score.apply(chunk)) {
            if (o.error() != null) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("field", o.error().field());
                error.put("reason", o.error().reason());
                text.append(json.writeValueAsString(Map.of("row", firstRow + o.row(), "error", error)));
            } else {
                text.append(json.writeValueAsString(o.prediction()));
            }
            text.append('\n');
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int next = firstRow + chunk.size();
        chunk.clear();
        return next;
    }
}
