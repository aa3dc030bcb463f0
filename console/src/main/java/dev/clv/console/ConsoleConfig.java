package dev.clv.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the console finds the platform's public API, how long it waits for an answer, and scheduled reports. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {
    /** The gateway's base URL as the console reaches it (in Kubernetes, its Service). */
    String gatewayUrl();

    @WithDefault("20s")
    Duration apiTimeout();

    /** Scheduled reports (docs/console.md#scheduled-reports). */
    Reports reports();

    /** How often due schedules are looked for, how many one pass runs, and the SMTP host that e-mails them. */
    interface Reports {
        @WithDefault("30s")
        Duration poll();

        @WithDefault("5")
        int batch();

        /** Reports are e-mailed only when it is set. */
        java.util.Optional<String> smtpHost();
    }
}
