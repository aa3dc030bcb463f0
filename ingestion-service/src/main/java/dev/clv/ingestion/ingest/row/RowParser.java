package dev.clv.ingestion.ingest.row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.config.IngestionConfig;

/**
 * Splits a request body into rows: one JSON object, a JSON array of objects, or NDJSON (one object per line). A
 * line that is not JSON becomes a rejected row rather than failing the request, so good rows still get in.
 */
@ApplicationScoped
public class RowParser {
    private static final int KEPT_OF_OVERSIZED_ROW = 1024;
    private final ObjectMapper mapper;
    private final int maxRowSize;
    private final int maxDepth;

    public RowParser(ObjectMapper mapper, IngestionConfig config) {
        this.mapper = mapper;
        this.maxRowSize = (int) config.maxRowSize().asLongValue();
        this.maxDepth = config.maxDepth();
    }

    /** Turns one parsed JSON value into an accepted or rejected row. */
    @FunctionalInterface
    public interface RowReader {
        ParsedRow read(int row, String raw, JsonNode node);
    }

    /** Splits and reads {@code body}; past {@code maxRows} rows it stops at once with a 413 problem. */
    public List<ParsedRow> parse(byte[] body, RowReader reader, int maxRows) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        if (text.charAt(0) == '[') {
            return parseArray(text, reader, maxRows);
        }
        int firstLine = text.indexOf('\n');
        if (firstLine > 0 && readTree(text.substring(0, firstLine)) == null) {
            // not NDJSON: perhaps one value over several lines
            List<JsonValues.Value> values = JsonValues.read(mapper, text, maxRows);
            if (values != null) {
                return parseValues(values, reader, maxRows);
            }
        }
        List<ParsedRow> rows = new ArrayList<>();
        int row = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (++row > maxRows) {
                throw tooManyRows(maxRows);
            }
            if (line.length() > maxRowSize) {
                rows.add(oversized(row, line));
                continue;
            }
            JsonNode node = readTree(line);
            rows.add(node == null
                    ? ParsedRow.rejected(row, line, "$", "the line is not valid JSON")
                    : checked(row, line, node, reader));
        }
        return rows;
    }

    // element by element, so that a body of a million tiny rows is refused at row maxRows + 1, not after the whole
    // array became a tree
    private List<ParsedRow> parseArray(String text, RowReader reader, int maxRows) {
        List<ParsedRow> rows = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(text)) {
            parser.nextToken();
            int row = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw malformedArray();
                }
                if (++row > maxRows) {
                    throw tooManyRows(maxRows);
                }
                JsonNode element = mapper.readTree(parser);
                rows.add(checked(row, element.toString(), element, reader));
            }
            if (parser.nextToken() != null) {
                throw malformedArray();
            }
            return rows;
        } catch (IOException | IllegalArgumentException e) {
            // Jackson reports some malformed numbers (an exponent of 30 digits) as NumberFormatException
            throw malformedArray();
        }
    }

    private List<ParsedRow> parseValues(List<JsonValues.Value> values, RowReader reader, int maxRows) {
        if (values.size() > maxRows) {
            throw tooManyRows(maxRows);
        }
        List<ParsedRow> rows = new ArrayList<>(values.size());
        for (JsonValues.Value value : values) {
            rows.add(checked(rows.size() + 1, value.raw(), value.node(), reader));
        }
        return rows;
    }

    private static ProblemException malformedArray() {
        return ProblemException.badRequest("body", "the JSON array is malformed");
    }

    private static ProblemException tooManyRows(int maxRows) {
        return new ProblemException(Problem.of(413, "Content Too Large",
                "A request may carry at most " + maxRows + " rows; this one has more."));
    }

    private ParsedRow checked(int row, String raw, JsonNode node, RowReader reader) {
        if (raw.length() > maxRowSize) {
            return oversized(row, raw);
        }
        if (depth(node) > maxDepth) {
            return ParsedRow.rejected(row, raw, "$", "nested deeper than " + maxDepth + " levels")
                    .naming(NamedCustomer.of(node));
        }
        Storable.Problem unstorable = Storable.check(node);
        if (unstorable != null) {
            return ParsedRow.rejected(row, raw, unstorable.field(), unstorable.reason())
                    .naming(NamedCustomer.of(node));
        }
        return reader.read(row, raw, node);
    }

    // quarantine keeps the start of an oversized row: enough to recognise it, not enough to fill the disk
    private ParsedRow oversized(int row, String raw) {
        return ParsedRow.rejected(row, raw.substring(0, KEPT_OF_OVERSIZED_ROW) + "…", "$",
                "the row is larger than " + maxRowSize + " bytes");
    }

    private static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson reports some malformed numbers (an exponent of 30 digits) as NumberFormatException
            return null;
        }
    }
}
