package dev.clv.ingestion.pseudonym;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.event.CustomerEvent;

/**
 * The raw text of a rejected customers row as quarantine keeps it: a JSON object with the chosen fields
 * pseudonymised (read where the write API reads them: a profile field at the top, an attribute at the top or in
 * {@code attributes}), so a replay of it gives the same pseudonyms; anything else withheld, as it cannot be cleaned.
 */
final class RawRows {
    /** Kept instead of a row that is not a JSON object (not JSON, cut short for its size, an array or a value). */
    static final String WITHHELD = "[withheld: not a JSON object, so the fields this tenant pseudonymises could not "
            + "be replaced in it; send the row again]";
    private static final Set<String> SCHEMA = schema();

    private RawRows() {
    }

    static String rewrite(ObjectMapper json, String raw, ChosenFields chosen, Pseudonymiser p) {
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return WITHHELD;
        }
        if (!(node instanceof ObjectNode row)) {
            return WITHHELD;
        }
        boolean changed = false;
        for (String field : chosen.profile()) {
            changed |= replace(row, field, field.equals("email"), p);
        }
        for (String key : chosen.attributes()) {
            if (!SCHEMA.contains(key)) {
                changed |= replace(row, key, false, p); // a field the schema does not name is an attribute
            }
            if (row.get("attributes") instanceof ObjectNode attributes) {
                changed |= replace(attributes, key, false, p);
            }
        }
        return changed ? row.toString() : raw;
    }

    private static boolean replace(ObjectNode object, String field, boolean email, Pseudonymiser p) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        object.set(field, p.node(value, email));
        return true;
    }

    private static Set<String> schema() {
        Set<String> names = new HashSet<>(CustomerEvent.PROFILE_FIELDS);
        names.addAll(Set.of("customer_id", "tenant_id", "attributes"));
        return Set.copyOf(names);
    }
}
