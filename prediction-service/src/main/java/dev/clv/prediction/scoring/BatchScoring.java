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
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BatchScoring.class);
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
        int published = 0;
        for (int from = 0; from < inputs.size(); from += BLOCK) {
            List<ScoringInput> block = inputs.subList(from, Math.min(inputs.size(), from + BLOCK));
            List<Prediction> scored = Predictor.score(model, block, options);
            // a history the model cannot score (a non-finite answer) is left out and named, never published
            List<Prediction> finite = new java.util.ArrayList<>(scored.size());
            for (int i = 0; i < scored.size(); i++) {
                Prediction p = scored.get(i);
                if (Double.isFinite(p.clv()) && Double.isFinite(p.pAlive()) && Double.isFinite(p.expectedPurchases())) {
                    finite.add(p);
                } else {
                    LOG.warnf("model %s cannot score customer %s of %s (history %s): clv %s, p_alive %s",
                            model.meta().id(), p.customerId(), tenant, block.get(i).historyInDays(), p.clv(),
                            p.pAlive());
                }
            }
            publisher.publish(tenant, finite, HORIZON_MONTHS);
            published += finite.size();
        }
        return new Result(model.meta().id().toString(), model.meta().version(), published, inputs.size()
                - published);
    }

    /** What a scoring run did. */
    public record Result(String modelId, int modelVersion, int customersScored, int customersNotScored) {
    }
}
