package dev.clv.ingestion.pseudonym;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.clv.contracts.event.CustomerEvent;

/** An accepted customers row with the chosen fields pseudonymised; everything else, the patch's fields too, kept. */
final class CustomerFields {
    private CustomerFields() {
    }

    static CustomerEvent rewrite(CustomerEvent e, ChosenFields chosen, Pseudonymiser p) {
        return new CustomerEvent(e.tenantId(), e.customerId(), e.registrationDate(),
                field(chosen, "country", e.country(), p), field(chosen, "city", e.city(), p), e.age(),
                field(chosen, "gender", e.gender(), p),
                field(chosen, "acquisition_source", e.acquisitionSource(), p),
                field(chosen, "segment", e.segment(), p), e.isActive(), field(chosen, "email", e.email(), p),
                field(chosen, "name", e.name(), p), field(chosen, "loyalty_tier", e.loyaltyTier(), p),
                attributes(chosen, e.attributes(), p), e.ingestedAt(), e.patchedFields());
    }

    private static String field(ChosenFields chosen, String name, String value, Pseudonymiser p) {
        return value == null || !chosen.profile().contains(name) ? value : p.text(value, name.equals("email"));
    }

    private static Map<String, Object> attributes(ChosenFields chosen, Map<String, Object> attributes,
            Pseudonymiser p) {
        if (attributes == null || chosen.attributes().isEmpty()) {
            return attributes;
        }
        Map<String, Object> out = new LinkedHashMap<>(attributes);
        for (String key : chosen.attributes()) {
            if (out.containsKey(key)) {
                out.put(key, p.value(out.get(key), false));
            }
        }
        return out;
    }
}
