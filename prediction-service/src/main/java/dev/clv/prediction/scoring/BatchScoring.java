package dev.clv.prediction.scoring;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.clv.contracts.features.FeatureQuery;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.client.AnalyticsClient;
import dev.clv.prediction.registry.LoadedModel;
import dev.clv.prediction.registry.ModelRegistry;

/**
 * Scores every customer of a tenant with its active BG/NBD model (CLV over 12 months at 1% a month, P(alive),
 * expected purchases) and publishes the scores for analytics and segments. Blocking.
 */
@ApplicationScoped
public class BatchScoring {
    static final int HORIZON_MONTHS = 12;
    private static final int BLOCK = 10_000;
    private final ModelRegistry registry;
    private final AnalyticsClient analytics;
    private final ScorePublisher publisher;

    private final ScoringRuns runs;

    public BatchScoring(ModelRegistry registry, @RestClient AnalyticsClient analytics, ScorePublisher publisher,
            ScoringRuns runs) {
        this.runs = runs;
        this.registry = registry;
        this.analytics = analytics;
        this.publisher = publisher;
    }

    /** Scores the tenant's customers, unless a scoring of this tenant already runs here (409). */
    public Result scoreAll(String tenant, String token) {
        return runs.exclusive(tenant, () -> score(tenant, token));
    }

    private Result score(String tenant, String token) {
        LoadedModel model = registry.active(tenant, ModelType.BG_NBD);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<ScoringInput> inputs = analytics.features("Bearer " + token, new FeatureQuery(today, null, List.of()))
                .stream().map(f -> ScoringInput.of(f, today)).toList();
        Predictor.Options options = new Predictor.Options(HORIZON_MONTHS, TimeUnit.MONTHS, 0.01, false);
        for (int from = 0; from < inputs.size(); from += BLOCK) {
            List<Prediction> scored = Predictor.score(model, inputs.subList(from, Math.min(inputs.size(), from
                    + BLOCK)), options);
            publisher.publish(tenant, scored, HORIZON_MONTHS);
        }
        return new Result(model.meta().id().toString(), model.meta().version(), inputs.size());
    }

    /** What a scoring run did. */
    public record Result(String modelId, int modelVersion, int customersScored) {
    }
}
