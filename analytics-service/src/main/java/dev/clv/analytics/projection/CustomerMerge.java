package dev.clv.analytics.projection;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clv.contracts.event.CustomerEvent;

/**
 * Two events of one customer in one batch made one, as storing them one after the other would: one statement may
 * update a row only once, and a patch must neither replace the profile it follows nor be lost behind it.
 */
final class CustomerMerge {
    private CustomerMerge() {
    }

    /** {@code later} applied to {@code earlier}; one older by ingestion time changes nothing, as in the table. */
    static CustomerEvent apply(CustomerEvent earlier, CustomerEvent later) {
        if (later.ingestedAt().isBefore(earlier.ingestedAt())) {
            return earlier;
        }
        if (!later.isPatch()) {
            return later;
        }
        Set<String> named = Set.copyOf(later.patchedFields());
        Map<String, Object> attributes = earlier.attributes();
        if (later.attributes() != null) {
            attributes = new LinkedHashMap<>(earlier.attributes() == null ? Map.of() : earlier.attributes());
            attributes.putAll(later.attributes());
        }
        List<String> patched = null;
        if (earlier.isPatch()) {
            // still a patch, naming what either named
            Set<String> both = new LinkedHashSet<>(earlier.patchedFields());
            both.addAll(named);
            patched = CustomerEvent.PROFILE_FIELDS.stream().filter(both::contains).toList();
        }
        return new CustomerEvent(later.tenantId(), later.customerId(),
                pick(named, "registration_date", later.registrationDate(), earlier.registrationDate()),
                pick(named, "country", later.country(), earlier.country()),
                pick(named, "city", later.city(), earlier.city()), pick(named, "age", later.age(), earlier.age()),
                pick(named, "gender", later.gender(), earlier.gender()),
                pick(named, "acquisition_source", later.acquisitionSource(), earlier.acquisitionSource()),
                pick(named, "segment", later.segment(), earlier.segment()),
                pick(named, "is_active", later.isActive(), earlier.isActive()),
                pick(named, "email", later.email(), earlier.email()),
                pick(named, "name", later.name(), earlier.name()),
                pick(named, "loyalty_tier", later.loyaltyTier(), earlier.loyaltyTier()), attributes,
                later.ingestedAt(), patched);
    }

    private static <T> T pick(Set<String> named, String field, T patched, T kept) {
        return named.contains(field) ? patched : kept;
    }
}
