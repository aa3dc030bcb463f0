package dev.clv.contracts.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A privacy request for every service to carry out in its own schema: {@code erase} (forget the customers' data),
 * {@code export} (gather it), {@code suppress} / {@code unsuppress} (take, or again take, no data for them). Delivered
 * at least once; a service does its part of a request once, whatever the redeliveries.
 */
public record PrivacyRequest(UUID id, String tenantId, String type, List<String> customerIds, Instant requestedAt) {
    public static final String ERASE = "erase";
    public static final String EXPORT = "export";
    public static final String SUPPRESS = "suppress";
    public static final String UNSUPPRESS = "unsuppress";
    public static final List<String> TYPES = List.of(ERASE, EXPORT, SUPPRESS, UNSUPPRESS);
}
