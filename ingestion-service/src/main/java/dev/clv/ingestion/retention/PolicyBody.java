package dev.clv.ingestion.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.ingestion.JsonBodies;

/** A PUT retention policy's body, {@code {"days": {kind: days or null}}}, read or refused with every wrong field. */
final class PolicyBody {
    static final int MAX_DAYS = 36_500;

    private PolicyBody() {
    }

    /** The kinds and days the body sets, in the platform's order of kinds; a 400 naming each wrong field. */
    static Map<String, Integer> read(ObjectMapper json, byte[] body) {
        JsonNode root = JsonBodies.object(json, body, "a JSON object such as {\"days\": {\"events\": 365}}");
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("days")) {
                errors.add(new FieldError(name, "unknown field; a policy has only days"));
            }
        });
        JsonNode days = root.get("days");
        Map<String, Integer> read = new LinkedHashMap<>();
        if (days == null || !days.isObject()) {
            errors.add(new FieldError("days", "required, an object of kind: days (or null: kept for ever)"));
        } else {
            days.fields().forEachRemaining(e -> {
                String field = "days." + e.getKey();
                JsonNode value = e.getValue();
                if (!RetentionPolicy.DEFAULT_DAYS.containsKey(e.getKey())) {
                    errors.add(new FieldError(field, "not a kind of data; one of "
                            + String.join(", ", RetentionPolicy.kinds())));
                } else if (value.isNull()) {
                    read.put(e.getKey(), null);
                } else if (value.canConvertToExactIntegral() && value.canConvertToInt() && value.intValue() >= 1
                        && value.intValue() <= MAX_DAYS) {
                    read.put(e.getKey(), value.intValue());
                } else {
                    errors.add(new FieldError(field, "a whole number of days from 1 to " + MAX_DAYS
                            + ", or null to keep it for ever"));
                }
            });
        }
        JsonBodies.refuseIfAny(errors);
        Map<String, Integer> ordered = new LinkedHashMap<>();
        RetentionPolicy.kinds().stream().filter(read::containsKey).forEach(k -> ordered.put(k, read.get(k)));
        return ordered;
    }
}
