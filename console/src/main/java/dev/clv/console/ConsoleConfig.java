package dev.clv.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the console finds the platform's public API, and how long it waits for an answer. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {
    /** The gateway's base URL as the console reaches it (in Kubernetes, its Service). */
    String gatewayUrl();

    @WithDefault("20s")
    Duration apiTimeout();
}
