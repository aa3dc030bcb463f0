package dev.clv.prediction.scoring;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.client.AnalyticsClient;
import dev.clv.prediction.registry.LoadedModel;
import dev.clv.prediction.registry.ModelRegistry;

/**
 * Predictions for rows given by customer id (features from analytics as of today, one call per batch) or by
 * explicit features, with the tenant's active model. Blocking: runs on worker threads.
 */
@ApplicationScoped
public class PredictionService {
    private final ModelRegistry registry;
    private final AnalyticsClient analytics;

    public PredictionService(ModelRegistry registry, @RestClient AnalyticsClient analytics) {
        this.registry = registry;
        this.analytics = analytics;
    }

    /** One row's outcome: a prediction, or the field and reason it was refused for. */
    public record Outcome(int row, Prediction prediction, Problem.FieldError error) {
    }

    public List<Outcome> predict(String tenant, String token, ModelType type, List<PredictionRequest> rows,
            Predictor.Options options) {
        LoadedModel model = registry.active(tenant, type);
        Outcome[] outcomes = new Outcome[rows.size()];
        List<String> ids = rows.stream().filter(r -> r != null && r.features() == null && r.customerId() != null)
                .map(PredictionRequest::customerId).distinct().toList();
        Map<String, CustomerFeatures> known = new HashMap<>();
        for (int from = 0; from < ids.size(); from += FeatureQuery.MAX_IDS) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FeatureQuery.MAX_IDS));
            analytics.features("Bearer " + token, new FeatureQuery(LocalDate.now(ZoneOffset.UTC), null, chunk))
                    .forEach(f -> known.put(f.customerId(), f));
        }
        List<ScoringInput> inputs = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            PredictionRequest r = rows.get(i);
            try {
                inputs.add(input(r, known));
                positions.add(i);
            } catch (ProblemException e) {
                Problem.FieldError error = e.problem().errors().isEmpty()
                        ? new Problem.FieldError(null,
                                e.problem().detail(), i)
                        : e.problem().errors().get(0);
                outcomes[i] = new Outcome(i, null, new Problem.FieldError(error.field(), error.reason(), i));
            }
        }
        List<Prediction> scored = Predictor.score(model, inputs, options);
        for (int k = 0; k < scored.size(); k++) {
            outcomes[positions.get(k)] = new Outcome(positions.get(k), scored.get(k), null);
        }
        return List.of(outcomes);
    }

    private static ScoringInput input(PredictionRequest r, Map<String, CustomerFeatures> known) {
        if (r == null || (r.customerId() == null && r.features() == null)) {
            throw ProblemException.badRequest("customer_id", "give customer_id or features");
        }
        if (r.features() != null) {
            return ScoringInput.of(r.customerId(), r.features());
        }
        CustomerFeatures f = known.get(r.customerId());
        if (f == null) {
            throw ProblemException.badRequest("customer_id", "no customer '" + r.customerId() + "' in analytics");
        }
        return ScoringInput.of(f);
    }
}
