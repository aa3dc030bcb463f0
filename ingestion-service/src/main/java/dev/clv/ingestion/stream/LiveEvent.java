package dev.clv.ingestion.stream;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One accepted behavioural event as the stream keeps it: its tenant's customer (the record key's), where it is on
 * {@code events.v1}, when Kafka took it, and the stream id it was read at ({@link StreamIds}: its own offset plus
 * one in its partition, this replica's positions in the others). The record is read only when a stream needs it
 * (a type to filter by, a line to send), once, so a replica nobody streams from spends nothing on parsing.
 * Everything but the constructor runs under the tenant's lock.
 */
final class LiveEvent {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    final String customerId;
    final int partition;
    final long offset;
    final long timestamp;
    final long[] next;
    final String id;
    private final long bytes;
    private byte[] value;
    private String eventType;
    private String data;

    LiveEvent(String customerId, int partition, long offset, long timestamp, byte[] value, long[] next, String id) {
        this.customerId = customerId;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value;
        this.next = next;
        this.id = id;
        this.bytes = (value == null ? 0 : value.length) + 96L + 8L * next.length + id.length();
    }

    /** What it costs a tenant's buffer, roughly. */
    long bytes() {
        return bytes;
    }

    /** Its type, null if the record is not a readable event. */
    String eventType() {
        read();
        return eventType;
    }

    /** The {@code data} line, null if the record is not a readable event. */
    String data() {
        read();
        return data;
    }

    private void read() {
        if (value == null) {
            return;
        }
        byte[] record = value;
        value = null;
        try {
            JsonNode row = JSON.readTree(record);
            if (row != null && row.isObject() && row.path("event_type").isTextual()) {
                eventType = row.get("event_type").textValue();
                data = line((ObjectNode) row, customerId);
            }
        } catch (IOException e) {
            // not an event: never sent
        }
    }

    /**
     * The event as tracked, in a fixed order, always with {@code session_id} (null without one) and
     * {@code properties} (an object); the customer is the record key's, and the tenant is not repeated.
     */
    static String line(ObjectNode row, String customerId) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.set("event_id", row.path("event_id").isMissingNode() ? NullNode.instance : row.get("event_id"));
        out.set("event_type", row.get("event_type"));
        out.put("customer_id", customerId);
        out.set("timestamp", row.path("timestamp").isMissingNode() ? NullNode.instance : row.get("timestamp"));
        out.set("session_id", row.path("session_id").isMissingNode() ? NullNode.instance : row.get("session_id"));
        out.set("properties", row.path("properties").isObject() ? row.get("properties") : JSON.createObjectNode());
        if (row.has("ingested_at")) {
            out.set("ingested_at", row.get("ingested_at"));
        }
        return JSON.writeValueAsString(out);
    }
}
