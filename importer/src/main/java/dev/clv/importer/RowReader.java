package dev.clv.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Reads an input file row by row without loading it: CSV with a header (Jackson's CSV parser), or
 * whitespace-separated columns with given names, as the CDNOW files are.
 */
final class RowReader implements Iterator<SourceRow>, AutoCloseable {
    private final BufferedReader lines;
    private final MappingIterator<Map<String, String>> csv;
    private final List<String> columns;
    private long line;
    private SourceRow next;

    private RowReader(BufferedReader lines, MappingIterator<Map<String, String>> csv, List<String> columns,
            long headerLines) {
        this.lines = lines;
        this.csv = csv;
        this.columns = columns;
        this.line = headerLines;
    }

    static RowReader csv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES);
        MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile());
        return new RowReader(null, rows, null, 1);
    }

    /** Whitespace-separated columns named {@code columns}; a first line that is a header is skipped. */
    static RowReader whitespace(Path file, List<String> columns) throws IOException {
        return new RowReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), null, columns, 0);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRow row = next;
        next = null;
        return row;
    }

    private SourceRow read() {
        try {
            if (csv != null) {
                return csv.hasNextValue() ? new SourceRow(++line, csv.nextValue()) : null;
            }
            String text;
            while ((text = lines.readLine()) != null) {
                line++;
                String[] values = text.strip().split("\\s+");
                if (text.isBlank() || (line == 1 && !Character.isDigit(values[0].charAt(0)))) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(values.length, columns.size()); i++) {
                    row.put(columns.get(i), values[i]);
                }
                return new SourceRow(line, row);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
        }
        if (csv != null) {
            csv.close();
        }
    }
}
