package dev.clv.ingestion.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.ingestion.JsonBodies;
import dev.clv.ingestion.ingest.row.Storable;

/**
 * A privacy request as posted: its type and customer ids, each read as the write API reads a customer id (a string
 * or number, stripped, at most 256 bytes) so it names the rows stored for it, and deduplicated in order.
 */
record NewRequest(String type, List<String> customerIds) {
    static final int MAX_IDS = 5000;
    private static final int MAX_ID_BYTES = 256;
    private static final Set<String> FIELDS = Set.of("type", "customer_ids");

    /** The request {@code body} holds, or a 400 problem naming every wrong field (the first 20). */
    static NewRequest read(ObjectMapper json, byte[] body) {
        JsonNode root = JsonBodies.object(json, body, "a JSON object with type and customer_ids");
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; a request has type and customer_ids"));
            }
        });
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual() || !PrivacyRequest.TYPES.contains(type.textValue())) {
            errors.add(new FieldError("type", "required, one of " + String.join(", ", PrivacyRequest.TYPES)));
        }
        JsonNode ids = root.get("customer_ids");
        Set<String> unique = new LinkedHashSet<>();
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            errors.add(new FieldError("customer_ids", "required, an array of 1 to " + MAX_IDS + " customer ids"));
        } else {
            for (int i = 0; i < ids.size(); i++) {
                String id = id(ids.get(i));
                if (id == null) {
                    errors.add(new FieldError("customer_ids[" + i + "]", "a non-blank string of at most "
                            + MAX_ID_BYTES + " bytes (UTF-8) that can be stored"));
                } else {
                    unique.add(id);
                }
            }
        }
        JsonBodies.refuseIfAny(errors);
        return new NewRequest(type.textValue(), List.copyOf(unique));
    }

    private static String id(JsonNode value) {
        if (!value.isTextual() && !value.isNumber()) {
            return null;
        }
        String id = value.asText().strip();
        boolean usable = !id.isEmpty() && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES
                && Storable.check(TextNode.valueOf(id)) == null;
        return usable ? id : null;
    }
}
