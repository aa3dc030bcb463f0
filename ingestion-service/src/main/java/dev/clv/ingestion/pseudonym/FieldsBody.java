package dev.clv.ingestion.pseudonym;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.ingestion.JsonBodies;
import dev.clv.ingestion.ingest.row.Storable;

/** The body of {@code PUT /v1/admin/pseudonymisation}: exactly {@code {"fields": [...]}}, each field checked. */
final class FieldsBody {
    static final int MAX_FIELDS = 100;
    private static final int MAX_KEY_BYTES = 256;

    private FieldsBody() {
    }

    /** The fields {@code body} names, deduplicated in order; or a 400 problem naming every wrong one (20 at most). */
    static List<String> read(ObjectMapper json, byte[] body) {
        JsonNode root = JsonBodies.object(json, body, "a JSON object: {\"fields\": [...]}");
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("fields")) {
                errors.add(new FieldError(name, "unknown member; the body is {\"fields\": [...]}"));
            }
        });
        JsonNode fields = root.get("fields");
        Set<String> unique = new LinkedHashSet<>();
        if (fields == null || !fields.isArray() || fields.size() > MAX_FIELDS) {
            errors.add(new FieldError("fields", "required, an array of at most " + MAX_FIELDS
                    + " field names (empty: pseudonymise nothing)"));
        } else {
            for (int i = 0; i < fields.size(); i++) {
                String reason = reason(fields.get(i));
                if (reason == null) {
                    unique.add(fields.get(i).textValue());
                } else {
                    errors.add(new FieldError("fields[" + i + "]", reason));
                }
            }
        }
        JsonBodies.refuseIfAny(errors);
        return List.copyOf(unique);
    }

    private static String reason(JsonNode field) {
        if (!field.isTextual()) {
            return "must be a string: a field name";
        }
        String name = field.textValue();
        if (name.equals("customer_id")) {
            return "never pseudonymised: the customer id keys every record of the customer";
        }
        if (ChosenFields.PROFILE.contains(name)) {
            return null;
        }
        if (!name.startsWith(ChosenFields.ATTRIBUTE)) {
            return "not a field that can be pseudonymised; one of " + String.join(", ", ChosenFields.PROFILE)
                    + ", or attributes.<key>";
        }
        String key = name.substring(ChosenFields.ATTRIBUTE.length());
        if (key.isBlank() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES
                || Storable.check(TextNode.valueOf(key)) != null) {
            return "attributes.<key> needs a key of 1 to " + MAX_KEY_BYTES + " bytes (UTF-8) that can be stored";
        }
        return null;
    }
}
