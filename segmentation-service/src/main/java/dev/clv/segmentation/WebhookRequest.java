package dev.clv.segmentation;

import java.util.List;

/** The body of a webhook's registration. */
public record WebhookRequest(String url, List<String> events, String description) {
}
