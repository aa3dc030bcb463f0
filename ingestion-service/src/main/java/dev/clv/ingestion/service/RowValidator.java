package dev.clv.ingestion.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.ParsedRow;

/** Checks one row of a data source and builds its event; the first problem found names the field and reason. */
@ApplicationScoped
public class RowValidator {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper mapper;

    public RowValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ParsedRow validate(DataSource source, String tenant, Instant now, int row, String raw, JsonNode node) {
        if (!node.isObject()) {
            return ParsedRow.rejected(row, raw, "$", "a row must be a JSON object");
        }
        return switch (source) {
            case CUSTOMERS -> customer(tenant, now, row, raw, node);
            case TRANSACTIONS -> transaction(tenant, now, row, raw, node);
        };
    }

    private ParsedRow customer(String tenant, Instant now, int row, String raw, JsonNode n) {
        String id = text(n, "customer_id");
        if (id == null) {
            return ParsedRow.rejected(row, raw, "customer_id", "required, a non-empty string");
        }
        Instant registered = null;
        if (n.hasNonNull("registration_date")) {
            registered = Timestamps.parse(n.get("registration_date"));
            if (registered == null) {
                return ParsedRow.rejected(row, raw, "registration_date", "not a valid timestamp");
            }
        }
        Integer age = n.hasNonNull("age") && n.get("age").canConvertToInt() ? n.get("age").asInt() : null;
        Boolean active = n.hasNonNull("is_active") ? n.get("is_active").asBoolean() : null;
        Map<String, Object> attributes = n.has("attributes") && n.get("attributes").isObject()
                ? mapper.convertValue(n.get("attributes"), MAP)
                : null;
        CustomerEvent event = new CustomerEvent(tenant, id, registered, text(n, "country"), text(n, "city"), age,
                text(n, "gender"), text(n, "acquisition_source"), text(n, "segment"), active, text(n, "email"),
                text(n, "name"), text(n, "loyalty_tier"), attributes, now);
        return ParsedRow.accepted(row, raw, id, event);
    }

    private ParsedRow transaction(String tenant, Instant now, int row, String raw, JsonNode n) {
        String id = text(n, "transaction_id");
        if (id == null) {
            return ParsedRow.rejected(row, raw, "transaction_id", "required, a non-empty string");
        }
        String customer = text(n, "customer_id");
        if (customer == null) {
            return ParsedRow.rejected(row, raw, "customer_id", "required, a non-empty string");
        }
        Instant at = Timestamps.parse(n.get("transaction_date"));
        if (at == null) {
            return ParsedRow.rejected(row, raw, "transaction_date",
                    "required: ISO-8601 with offset, 'YYYY-MM-DD HH:MM:SS' (UTC) or epoch milliseconds");
        }
        BigDecimal amount = decimal(n.get("amount"));
        if (amount == null) {
            return ParsedRow.rejected(row, raw, "amount", "required, a decimal number");
        }
        boolean refund = n.path("is_refund").asBoolean(false) || "refund".equals(text(n, "transaction_type"));
        if (amount.signum() < 0 && !refund) {
            return ParsedRow.rejected(row, raw, "amount", "negative amounts are only allowed for refunds");
        }
        TransactionEvent event = new TransactionEvent(tenant, id, customer, at, amount, text(n, "currency"),
                text(n, "product_id"), text(n, "product_category"), text(n, "transaction_type"),
                text(n, "payment_method"), refund, text(n, "channel"), now);
        return ParsedRow.accepted(row, raw, customer, event);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    // exact decimal from either a JSON number (read as BigDecimal, never double) or a numeric string
    private static BigDecimal decimal(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
