package dev.clv.gateway.ratelimit;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

/**
 * Counts the rows of a request body as it streams past, holding none of it: NDJSON rows are its non-blank lines;
 * a JSON body's rows are the elements of its top-level array or of its top-level object's {@code rows} array
 * (Jackson's non-blocking parser reads the chunks as they come). A body that stops being valid JSON keeps the count
 * it had; the service refuses such a body anyway, and a refused call is not charged.
 */
public final class BodyRows {
    private static final JsonFactory JSON = new JsonFactory();

    private final JsonParser parser;
    private long rows;
    private boolean lineHasContent;
    private int depth;
    private int rowsDepth = -1;
    private boolean rowsFieldNext;

    private BodyRows(boolean ndjson) {
        JsonParser created = null;
        if (!ndjson) {
            try {
                created = JSON.createNonBlockingByteArrayParser();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        this.parser = created;
    }

    /** A counter for a body of this content type: NDJSON when it says so, JSON otherwise. */
    public static BodyRows forContentType(String contentType) {
        return new BodyRows(contentType != null && contentType.toLowerCase().contains("ndjson"));
    }

    public void feed(byte[] chunk) {
        if (parser == null) {
            for (byte b : chunk) {
                if (b == '\n') {
                    endLine();
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    lineHasContent = true;
                }
            }
        } else if (!parser.isClosed()) {
            try {
                ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(chunk, 0, chunk.length);
                drain();
            } catch (IOException | IllegalStateException e) {
                stop();
            }
        }
    }

    /** The count once the body has ended. */
    public long end() {
        if (parser == null) {
            endLine();
        } else if (!parser.isClosed()) {
            try {
                ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
                drain();
            } catch (IOException e) {
                stop();
            }
        }
        return rows;
    }

    /** Rows counted so far. */
    public long rows() {
        return rows;
    }

    private void endLine() {
        if (lineHasContent) {
            rows++;
        }
        lineHasContent = false;
    }

    private void drain() throws IOException {
        for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.NOT_AVAILABLE; t = parser.nextToken()) {
            if (depth == rowsDepth && t != JsonToken.END_ARRAY) {
                rows++;
            }
            if (t == JsonToken.START_ARRAY) {
                if (depth == 0 || (depth == 1 && rowsFieldNext)) {
                    rowsDepth = depth + 1;
                }
                depth++;
            } else if (t == JsonToken.START_OBJECT) {
                depth++;
            } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                if (depth == rowsDepth) {
                    rowsDepth = -1;
                }
                depth--;
            }
            rowsFieldNext = depth == 1 && t == JsonToken.FIELD_NAME && "rows".equals(parser.currentName());
        }
    }

    private void stop() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
