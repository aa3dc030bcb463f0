package dev.clv.ingestion.ingest.row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.contracts.tenant.TenantSettings;
import dev.clv.ingestion.DataSource;

/**
 * The schema of every data source, checked strictly. Fields a schema does not name are kept in the row's
 * {@code attributes} (events keep theirs in {@code properties}), so nothing a client sends is silently lost.
 */
@ApplicationScoped
public class RowValidator {
    // sent by clients that copy rows out of other systems; the tenant always comes from the token instead
    private static final Set<String> IGNORED = Set.of("tenant_id", "attributes");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper mapper;

    public RowValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ParsedRow validate(DataSource source, String tenant, TenantSettings settings, RowRules rules,
            Instant now, Instant latest, int row, String raw, JsonNode node) {
        if (!node.isObject()) {
            return ParsedRow.rejected(row, raw, "$", "a row must be a JSON object");
        }
        RowFields f = new RowFields(node, settings.timeZone(), latest);
        Built built = switch (source) {
            case CUSTOMERS -> customer(tenant, rules, now, f);
            case TRANSACTIONS -> transaction(tenant, settings, now, f);
            case INTERACTIONS -> interaction(tenant, now, f);
            case PRODUCTS -> product(tenant, settings, now, f);
            case EVENTS -> event(tenant, rules, now, f);
        };
        // an accepted products row names no customer; a rejected row of any source names its customer_id's
        return f.failed()
                ? ParsedRow.rejected(row, raw, f.field(), f.reason()).naming(NamedCustomer.of(node))
                : ParsedRow.accepted(row, raw, built.key(), source == DataSource.PRODUCTS ? null : built.key(),
                        built.rowId(), built.event(), built.defaulted());
    }

    /**
     * A row read by its source's schema: partition key (the customer id, products: the product id), dedup id
     * (append-only sources), event, defaulted fields.
     */
    private record Built(String key, String rowId, Object event, List<String> defaulted) {
        Built(String key, String rowId, Object event) {
            this(key, rowId, event, List.of());
        }
    }

    private Built customer(String tenant, RowRules rules, Instant now, RowFields f) {
        // a patch names the profile fields it holds, even as null (which clears one); the others stay as stored
        List<String> patched = rules.patch() ? CustomerEvent.PROFILE_FIELDS.stream().filter(f::has).toList() : null;
        String id = f.key("customer_id", true);
        CustomerEvent e = new CustomerEvent(tenant, id, f.timestamp("registration_date", false),
                f.key("country", false), f.text("city", false), f.integer("age", false, 0, 150),
                f.text("gender", false), f.key("acquisition_source", false), f.key("segment", false),
                f.bool("is_active", false), f.text("email", false), f.text("name", false),
                f.text("loyalty_tier", false), attributes(f), now, patched);
        return new Built(id, null, e);
    }

    private Built transaction(String tenant, TenantSettings settings, Instant now, RowFields f) {
        String id = f.key("transaction_id", true);
        String customer = f.key("customer_id", true);
        Instant at = f.timestamp("transaction_date", true);
        BigDecimal amount = f.decimal("amount", true);
        String currency = f.currency("currency", settings.currency());
        String type = f.text("transaction_type", false);
        Boolean isRefund = f.bool("is_refund", false);
        boolean refund = Boolean.TRUE.equals(isRefund) || "refund".equals(type);
        if (amount != null && amount.signum() < 0 && !refund) {
            f.fail("amount", "negative amounts are only allowed for refunds (is_refund or transaction_type refund)");
        }
        TransactionEvent e = new TransactionEvent(tenant, id, customer, at, amount, currency,
                f.key("product_id", false), f.key("product_category", false), type == null ? "purchase" : type,
                f.text("payment_method", false), refund, f.text("channel", false), attributes(f), now);
        return new Built(customer, id, e);
    }

    private Built interaction(String tenant, Instant now, RowFields f) {
        String id = f.key("interaction_id", true);
        String customer = f.key("customer_id", true);
        InteractionEvent e = new InteractionEvent(tenant, id, customer, f.timestamp("interaction_date", true),
                f.text("interaction_type", true), f.text("channel", false),
                f.integer("duration_seconds", false, 0, 31_536_000), f.integer("satisfaction_score", false, 1, 5),
                attributes(f), now);
        return new Built(customer, id, e);
    }

    private Built product(String tenant, TenantSettings settings, Instant now, RowFields f) {
        String id = f.key("product_id", true);
        BigDecimal price = f.decimal("price", false);
        BigDecimal cost = f.decimal("cost", false);
        if (price != null && price.signum() < 0) {
            f.fail("price", "must not be negative");
        }
        if (cost != null && cost.signum() < 0) {
            f.fail("cost", "must not be negative");
        }
        ProductEvent e = new ProductEvent(tenant, id, f.text("name", false), f.key("category", false), price, cost,
                f.currency("currency", settings.currency()), f.timestamp("launched_at", false),
                f.text("status", false), attributes(f), now);
        return new Built(id, null, e);
    }

    private Built event(String tenant, RowRules rules, Instant now, RowFields f) {
        String id = f.key("event_id", false);
        String customer = f.key("customer_id", true);
        String type = f.key("event_type", true);
        Instant at = f.timestamp("timestamp", !rules.timestampDefaults());
        boolean defaulted = at == null && !f.failed();
        if (defaulted) {
            at = rules.timestampFor(now);
        }
        String session = f.text("session_id", false);
        JsonNode properties = f.object("properties");
        Set<String> unknown = f.unknown(Set.of("tenant_id"));
        if (!unknown.isEmpty()) {
            f.fail(unknown.iterator().next(), "unknown field; custom data belongs in 'properties'");
        }
        // an event without an id gets one here, so it can be stored, but only a client-chosen id survives retries
        String eventId = id == null ? UUID.randomUUID().toString() : id;
        BehaviouralEvent e = new BehaviouralEvent(tenant, eventId, customer, type, at, session,
                properties == null ? null : mapper.convertValue(properties, MAP), now);
        return new Built(customer, eventId, e, defaulted ? List.of("timestamp") : List.of());
    }

    private Map<String, Object> attributes(RowFields f) {
        JsonNode explicit = f.object("attributes");
        Map<String, Object> extra = f.unread(IGNORED, explicit);
        return extra == null ? null : mapper.convertValue(extra, MAP);
    }
}
