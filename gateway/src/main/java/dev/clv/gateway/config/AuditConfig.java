package dev.clv.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit log: how entries are buffered and written, and how long they are kept. */
@ConfigMapping(prefix = "clv.audit")
public interface AuditConfig {

    /**
     * Entries a replica holds in memory before they are written. When it is full, an entry is dropped, counted in
     * {@code audit.dropped} and logged as an error: the request is never held up by the audit log.
     */
    @WithDefault("100000")
    int queueSize();

    /** How often the writer takes what is queued to the database. */
    @WithDefault("200ms")
    Duration flushEvery();

    /** Most entries written in one transaction. */
    @WithDefault("500")
    int batchSize();

    /** Days an entry is kept; the purge removes older ones, oldest first. */
    @WithDefault("365")
    int retentionDays();

    /** How often the retention purge runs. */
    @WithDefault("1h")
    Duration purgeEvery();

    /** Most entries one purge transaction removes. */
    @WithDefault("10000")
    int purgeBatchSize();

    /** How long a stopping replica keeps writing what is still queued. */
    @WithDefault("10s")
    Duration drainOnShutdown();
}
