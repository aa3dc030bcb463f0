package dev.clv.ingestion.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.ParsedRow;

/**
 * Splits a request body into rows: one JSON object, a JSON array of objects, or NDJSON (one object per line). A
 * line that is not JSON becomes a rejected row rather than failing the request, so good rows still get in.
 */
@ApplicationScoped
public class RowParser {
    private final ObjectMapper mapper;

    public RowParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Turns one parsed JSON value into an accepted or rejected row. */
    @FunctionalInterface
    public interface RowReader {
        ParsedRow read(int row, String raw, JsonNode node);
    }

    public List<ParsedRow> parse(byte[] body, RowReader reader) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        List<ParsedRow> rows = new ArrayList<>();
        if (text.charAt(0) == '[') {
            JsonNode array = readTree(text);
            if (array == null || !array.isArray()) {
                throw ProblemException.badRequest("body", "the JSON array is malformed");
            }
            int row = 0;
            for (JsonNode element : array) {
                row++;
                rows.add(reader.read(row, element.toString(), element));
            }
            return rows;
        }
        int row = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            row++;
            JsonNode node = readTree(line);
            rows.add(node == null
                    ? ParsedRow.rejected(row, line, "$", "the line is not valid JSON")
                    : reader.read(row, line, node));
        }
        return rows;
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
