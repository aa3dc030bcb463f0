package dev.clv.ingestion.pseudonym;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields a tenant pseudonymises, as named in the API: profile fields of the customers source and
 * {@code attributes.<key>}, split into the two kinds for the row pipeline.
 */
record ChosenFields(List<String> names, Set<String> profile, Set<String> attributes) {
    /** The string profile fields that may be chosen; never {@code customer_id}, which keys every record. */
    static final List<String> PROFILE = List.of("email", "name", "city", "country", "gender", "acquisition_source",
            "segment", "loyalty_tier");
    static final String ATTRIBUTE = "attributes.";
    static final ChosenFields NONE = of(List.of());

    /** Fields already checked (by {@link FieldsBody}, or as stored). */
    static ChosenFields of(List<String> names) {
        Set<String> profile = new LinkedHashSet<>();
        Set<String> attributes = new LinkedHashSet<>();
        for (String name : names) {
            if (name.startsWith(ATTRIBUTE)) {
                attributes.add(name.substring(ATTRIBUTE.length()));
            } else {
                profile.add(name);
            }
        }
        return new ChosenFields(List.copyOf(names), Set.copyOf(profile), Set.copyOf(attributes));
    }

    boolean isEmpty() {
        return names.isEmpty();
    }
}
