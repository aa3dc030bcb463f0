package dev.clv.ingestion.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A completed export as one answer: per customer of the request (in its order), per service, per section, the rows
 * the services' parts hold about them, grouped by each row's {@code customer_id} and kept as the service wrote
 * them. A row naming a customer the request does not name is left out.
 */
final class ExportAnswer {
    /** One stored part: the service that published it and its sections as JSON text. */
    record Part(String service, String sections) {
    }

    private ExportAnswer() {
    }

    static ObjectNode of(ObjectMapper json, UUID requestId, List<String> customerIds, List<Part> parts) {
        Map<String, ObjectNode> customers = new LinkedHashMap<>();
        for (String id : customerIds) {
            customers.put(id, json.createObjectNode().put("customer_id", id));
        }
        for (Part part : parts) {
            JsonNode sections = read(json, part.sections());
            sections.fields().forEachRemaining(section -> {
                for (JsonNode row : section.getValue()) {
                    JsonNode named = row.path("customer_id");
                    ObjectNode customer = named.isTextual() || named.isNumber()
                            ? customers.get(named.asText())
                            : null;
                    if (customer != null) {
                        ObjectNode service = customer.has(part.service())
                                ? (ObjectNode) customer.get(part.service())
                                : customer.putObject(part.service());
                        (service.has(section.getKey())
                                ? (ArrayNode) service.get(section.getKey())
                                : service.putArray(section.getKey())).add(row);
                    }
                }
            });
        }
        ObjectNode answer = json.createObjectNode().put("request_id", requestId.toString());
        ArrayNode list = answer.putArray("customers");
        customers.values().forEach(list::add);
        return answer;
    }

    private static JsonNode read(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
