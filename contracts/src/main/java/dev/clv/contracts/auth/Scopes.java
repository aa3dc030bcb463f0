package dev.clv.contracts.auth;

import java.util.List;

/** The OAuth scopes the platform knows; a token carries them space-separated in its {@code scope} claim. */
public final class Scopes {
    public static final String EVENTS_WRITE = "events:write";
    public static final String ANALYTICS_READ = "analytics:read";
    public static final String PREDICTIONS_READ = "predictions:read";
    public static final String MODELS_WRITE = "models:write";
    public static final String SEGMENTS_READ = "segments:read";
    public static final String SEGMENTS_WRITE = "segments:write";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String PRIVACY_WRITE = "privacy:write";
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(EVENTS_WRITE, ANALYTICS_READ, PREDICTIONS_READ, MODELS_WRITE,
            SEGMENTS_READ, SEGMENTS_WRITE, WEBHOOKS_WRITE, PRIVACY_WRITE, ADMIN);

    /** Claim that names the caller's tenant; the only source of tenancy anywhere in the platform. */
    public static final String TENANT_CLAIM = "tenant";

    private Scopes() {
    }
}
