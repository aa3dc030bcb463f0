package dev.clv.importer;

import java.util.Map;

/** One input record: its line number in the file (1-based, counting the header) and its columns by name. */
public record SourceRow(long line, Map<String, String> columns) {
}
