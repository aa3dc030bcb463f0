package dev.clv.prediction.training;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.client.AnalyticsClient;

/**
 * The training window of a request that names none (the seed's empty body), from the tenant's own purchases as
 * analytics sees them today: with F the first purchase day and N the newest, the holdout is the later half of
 * [F, N], at most 365 days: calibration_end = N - min(365, ceil((N - F) / 2)) days, holdout_end = N. Anchored on
 * N, not today, so an old data set (CDNOW ends in 1998) is split inside its own history; CDNOW gets FHL's split.
 */
@ApplicationScoped
public class DefaultWindow {
    static final int MAX_HOLDOUT_DAYS = 365;
    private final AnalyticsClient analytics;

    public DefaultWindow(@RestClient AnalyticsClient analytics) {
        this.analytics = analytics;
    }

    /** {@code request} with the default window; a 409 problem when the tenant's data cannot give one. */
    public TrainRequest apply(String token, TrainRequest request) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<CustomerFeatures> all = analytics.features("Bearer " + token, new FeatureQuery(today, null, List.of()));
        double newestAgo = Double.MAX_VALUE, firstAgo = -1;
        for (CustomerFeatures f : all) {
            if (f.recency() != null && f.daysObserved() != null) {
                newestAgo = Math.min(newestAgo, f.recency());
                firstAgo = Math.max(firstAgo, f.daysObserved());
            }
        }
        if (firstAgo < 0) {
            throw ProblemException.conflict("This tenant has no purchases to train on yet. Load data first: POST "
                    + "/generate-sample-data?n_customers=100 (also /v1/sample-data) makes synthetic customers, or "
                    + "send your transactions to /v0/events.");
        }
        return window(request, today.minusDays((long) firstAgo), today.minusDays((long) newestAgo));
    }

    /** The default window for purchases from {@code first} to {@code newest}. */
    static TrainRequest window(TrainRequest request, LocalDate first, LocalDate newest) {
        long span = newest.toEpochDay() - first.toEpochDay();
        if (span < 1) {
            throw ProblemException.conflict("All of this tenant's purchases are on one day (" + newest + "), so no "
                    + "holdout can follow a calibration period: give calibration_end (and holdout_end), or load "
                    + "more data.");
        }
        long holdout = Math.min(MAX_HOLDOUT_DAYS, (span + 1) / 2);
        return new TrainRequest(newest.minusDays(holdout), newest, request.timeUnit(), request.hyperparameters());
    }
}
