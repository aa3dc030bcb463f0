package dev.clv.ingestion.stream;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One message of a stream: a {@code customer_event} (id and data), a {@code reset} (data), or a comment carrying the
 * stream's current id ({@code : heartbeat}, and {@code : connected} once the stream is open), which a client keeps
 * as its last event id without dispatching anything.
 */
record StreamMessage(String name, String id, String data, String comment) {
    static final String CUSTOMER_EVENT = "customer_event";
    static final String RESET = "reset";
    private static final ObjectMapper JSON = new ObjectMapper();

    static StreamMessage event(LiveEvent e, String id) {
        return new StreamMessage(CUSTOMER_EVENT, id, e.data(), null);
    }

    static StreamMessage heartbeat(String id) {
        return new StreamMessage(null, id, null, "heartbeat");
    }

    static StreamMessage connected(String id) {
        return new StreamMessage(null, id, null, "connected");
    }

    /** Events the client asked for may be missing (its id is older than what this replica holds, or unreadable). */
    static StreamMessage reset(String reason, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("detail", detail);
        try {
            return new StreamMessage(RESET, null, JSON.writeValueAsString(body), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isEvent() {
        return CUSTOMER_EVENT.equals(name);
    }

    OutboundSseEvent toSse(Sse sse) {
        OutboundSseEvent.Builder b = sse.newEventBuilder();
        if (comment != null) {
            b.comment(comment);
        }
        if (id != null) {
            b.id(id);
        }
        if (name != null) {
            b.name(name);
        }
        if (data != null) {
            // written as it is: one line of JSON, never quoted again
            b.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, data);
        }
        return b.build();
    }
}
