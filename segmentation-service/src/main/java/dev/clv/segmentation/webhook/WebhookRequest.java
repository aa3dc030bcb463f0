package dev.clv.segmentation.webhook;

import java.util.List;

/** The body of a webhook's registration. */
public record WebhookRequest(String url, List<String> events, String description) {
}
