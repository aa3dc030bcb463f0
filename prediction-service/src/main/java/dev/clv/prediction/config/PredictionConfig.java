package dev.clv.prediction.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Prediction settings: caches, batch limits, training and scheduled scoring. */
@ConfigMapping(prefix = "prediction")
public interface PredictionConfig {
    /** How long a replica trusts its idea of a tenant's active model before asking the registry again. */
    @WithDefault("5s")
    Duration activeModelTtl();

    /** Rows one JSON batch may hold; larger batches go as NDJSON. */
    @WithDefault("10000")
    int maxBatchRows();

    /** Training jobs run one at a time per replica, on this many threads of XGBoost. */
    @WithDefault("2")
    int trainingThreads();

    /** Training jobs one tenant may have waiting in a replica; more are refused (429) until they have run. */
    @WithDefault("5")
    int queuedJobsPerTenant();

    /** A running job whose heartbeat is older than this is failed by the sweep (its replica stopped). */
    @WithDefault("2m")
    Duration staleJobAfter();
}
