package dev.clv.segmentation.segment.evaluation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whole-tenant evaluations: saves evaluated in the background, previews (prefix {@code segmentation.evaluations}). */
@ConfigMapping(prefix = "segmentation.evaluations")
public interface EvaluationSettings {
    /** Previews one tenant may run at once. */
    @WithDefault("2")
    int perTenant();

    /** Previews all tenants may run at once. */
    @WithDefault("4")
    int total();

    /** Customers evaluated per chunk, each chunk its own transaction. */
    @WithDefault("10000")
    int chunkSize();

    /** Chunks evaluated at once by this replica (each for another tenant or segment). */
    @WithDefault("2")
    int workers();

    /** How long after its start a save answers: with its members if evaluated by then, else 202 with progress. */
    @WithDefault("500ms")
    Duration answerWithin();

    /** How often evaluations left by another replica, a restart or a failure are looked for. */
    @WithDefault("1s")
    Duration poll();

    /** The first wait after a failed chunk, doubled after each further failure up to ten minutes. */
    @WithDefault("5s")
    Duration retryBackoff();
}
