package dev.clv.ingestion.ingest.row;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer a rejected row names, read as an accepted row's would be (a string or number, stripped), or null
 * when it cannot be one: quarantine keeps it so that an erasure finds the row and a suppression drops it.
 */
final class NamedCustomer {
    private NamedCustomer() {
    }

    static String of(JsonNode row) {
        JsonNode v = row == null || !row.isObject() ? null : row.get("customer_id");
        if (v == null || !(v.isTextual() || v.isNumber())) {
            return null;
        }
        String id = v.asText().strip();
        boolean usable = !id.isEmpty() && id.getBytes(StandardCharsets.UTF_8).length <= RowFields.MAX_KEY_BYTES
                && Storable.text(id) == null;
        return usable ? id : null;
    }
}
