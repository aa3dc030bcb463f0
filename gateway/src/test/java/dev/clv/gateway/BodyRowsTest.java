package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.ratelimit.BodyRows;

/** The rows a body carries, counted chunk by chunk as they stream past (split at awkward places on purpose). */
class BodyRowsTest {

    @Test
    void ndjsonRowsAreItsNonBlankLines() {
        assertEquals(3, count("application/x-ndjson", "{\"a\":1}\n\n  \r\n{\"a\":2}\r\n{\"a\":3}", 3));
        assertEquals(2, count("application/x-ndjson; charset=utf-8", "{}\n{}\n", 1));
        assertEquals(0, count("application/x-ndjson", " \n\n", 1));
    }

    @Test
    void aJsonBatchsRowsAreTheElementsOfItsRowsArrayOrOfATopLevelArray() {
        String batch = "{\"horizon\":12,\"other\":[[1],[2]],\"rows\":[{\"f\":[1,2,{\"rows\":[9,9]}]},"
                + "{\"customer_id\":\"a,b\"},{}],\"tail\":{\"rows\":[1,2,3]}}";
        assertEquals(3, count("application/json", batch, 5));
        assertEquals(4, count("application/json", "[{\"a\":1},2,\"three\",[4]]", 2));
        assertEquals(0, count("application/json", "{\"rows\":[]}", 4));
    }

    @Test
    void aBodyThatStopsBeingJsonKeepsTheCountItHad() {
        assertEquals(2, count("application/json", "{\"rows\":[{},{}, oops ,{}]}", 3));
    }

    private static long count(String contentType, String body, int chunk) {
        BodyRows rows = BodyRows.forContentType(contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            byte[] part = new byte[Math.min(chunk, bytes.length - i)];
            System.arraycopy(bytes, i, part, 0, part.length);
            rows.feed(part);
        }
        return rows.end();
    }
}
