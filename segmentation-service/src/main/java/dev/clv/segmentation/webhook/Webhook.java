package dev.clv.segmentation.webhook;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A webhook endpoint as the API shows it. {@code secret} is present only in the answers to creation and rotation;
 * a disabled endpoint says why and since when.
 */
public record Webhook(UUID id, String url, List<String> events, String description, String status,
        String disabledReason, OffsetDateTime disabledAt, OffsetDateTime failingSince,
        OffsetDateTime previousSecretExpiresAt, OffsetDateTime createdAt, String secret) {
    public static final List<String> EVENT_TYPES = List.of("segment.customer_added", "segment.customer_removed",
            "model.trained");

    public Webhook withSecret(String value) {
        return new Webhook(id, url, events, description, status, disabledReason, disabledAt, failingSince,
                previousSecretExpiresAt, createdAt, value);
    }
}
