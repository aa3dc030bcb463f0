package dev.clv.prediction.scoring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Predictions for rows given by customer id (features from analytics as of each row's {@code as_of}, one call per
 * reference date and block of ids) or by explicit features, with the tenant's active model. Blocking: runs on
 * worker threads.
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

    /** Scores the rows; a row without its own {@code as_of} is taken as of {@code asOf}. */
    public List<Outcome> predict(String tenant, String token, ModelType type, List<RowReader.Parsed> rows,
            Predictor.Options options, LocalDate asOf) {
        LoadedModel model = registry.active(tenant, type);
        Outcome[] outcomes = new Outcome[rows.size()];
        Map<LocalDate, Map<String, CustomerFeatures>> known = known(token, rows, asOf);
        List<ScoringInput> inputs = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RowReader.Parsed parsed = rows.get(i);
            Problem.FieldError error = parsed.error();
            if (error == null) {
                try {
                    inputs.add(input(parsed.request(), day(parsed.request(), asOf), known));
                    positions.add(i);
                } catch (ProblemException e) {
                    error = e.problem().errors().isEmpty()
                            ? new Problem.FieldError(null, e.problem().detail())
                            : e.problem().errors().get(0);
                }
            }
            if (error != null) {
                outcomes[i] = new Outcome(i, null, new Problem.FieldError(error.field(), error.reason(), i));
            }
        }
        List<Prediction> scored = Predictor.score(model, inputs, options);
        for (int k = 0; k < scored.size(); k++) {
            outcomes[positions.get(k)] = new Outcome(positions.get(k), scored.get(k), null);
        }
        return List.of(outcomes);
    }

    /** The analytics features of the rows named by id alone, per reference date. */
    private Map<LocalDate, Map<String, CustomerFeatures>> known(String token, List<RowReader.Parsed> rows,
            LocalDate asOf) {
        Map<LocalDate, Set<String>> wanted = new LinkedHashMap<>();
        for (RowReader.Parsed p : rows) {
            PredictionRequest r = p.request();
            if (r != null && r.features() == null && r.customerId() != null) {
                wanted.computeIfAbsent(day(r, asOf), d -> new LinkedHashSet<>()).add(r.customerId());
            }
        }
        Map<LocalDate, Map<String, CustomerFeatures>> known = new HashMap<>();
        wanted.forEach((day, idSet) -> {
            List<String> ids = List.copyOf(idSet);
            Map<String, CustomerFeatures> features = known.computeIfAbsent(day, d -> new HashMap<>());
            for (int from = 0; from < ids.size(); from += FeatureQuery.MAX_IDS) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FeatureQuery.MAX_IDS));
                analytics.features("Bearer " + token, new FeatureQuery(day, null, chunk))
                        .forEach(f -> features.put(f.customerId(), f));
            }
        });
        return known;
    }

    private static LocalDate day(PredictionRequest r, LocalDate asOf) {
        return r.asOf() != null ? r.asOf() : asOf;
    }

    private static ScoringInput input(PredictionRequest r, LocalDate day,
            Map<LocalDate, Map<String, CustomerFeatures>> known) {
        if (r.customerId() == null && r.features() == null) {
            throw ProblemException.badRequest("customer_id", "give customer_id, or the features (at the top level "
                    + "or in 'features')");
        }
        if (r.features() != null) {
            return ScoringInput.of(r.customerId(), r.features(), r.featurePrefix(), day);
        }
        CustomerFeatures f = known.getOrDefault(day, Map.of()).get(r.customerId());
        if (f == null) {
            throw ProblemException.badRequest("customer_id", "no customer '" + r.customerId() + "' in analytics as "
                    + "of " + day + " (none registered or buying by then)");
        }
        return ScoringInput.of(f, day);
    }
}
