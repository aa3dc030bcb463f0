package dev.clv.ingestion.ingest.row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a body that is a sequence of whole JSON values however they are spread over lines: a pretty-printed
 * object, as Tinybird's documented {@code curl -d '{ … }'} sends it, or several. NDJSON is the special case of one
 * value per line; a body with a broken value is not a sequence, and is read line by line instead, so that its good
 * lines still get in.
 */
final class JsonValues {
    /** One value and its text exactly as sent. */
    record Value(String raw, JsonNode node) {
    }

    private JsonValues() {
    }

    /** The values of {@code text}, at most {@code maxRows} + 1 of them; null when it is not a clean sequence. */
    static List<Value> read(ObjectMapper mapper, String text, int maxRows) {
        List<Value> values = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int from = (int) parser.currentTokenLocation().getCharOffset();
                JsonNode node = mapper.readTree(parser);
                int to = (int) parser.currentLocation().getCharOffset();
                values.add(new Value(text.substring(from, to), node));
                if (values.size() > maxRows) {
                    return values;
                }
            }
            return values;
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // Jackson reports some malformed numbers (an exponent of 30 digits) as NumberFormatException
            return null;
        }
    }
}
