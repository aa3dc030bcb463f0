package dev.clv.prediction.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.clv.contracts.event.ModelTrained;
import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.JobControl;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.client.AnalyticsClient;
import dev.clv.prediction.config.PredictionConfig;
import dev.clv.prediction.registry.ModelRegistry;
import dev.clv.prediction.registry.ModelRepository;
import dev.clv.prediction.registry.StoredModel;
import dev.clv.prediction.scoring.BatchScoring;
import dev.clv.prediction.scoring.ScorePublisher;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonObject;

/**
 * Runs training jobs one at a time on a thread of their own: features from analytics (with the caller's token,
 * taken at submission), the fit, the registry entry. A job's heartbeat (progress, at most every 2 s) is also where
 * it learns that its owner cancelled it; a sweep fails jobs whose replica stopped beating.
 */
@ApplicationScoped
public class TrainingJobs {
    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "training-jobs"));
    // jobs wait per tenant and run in turns: another tenant's job is never behind more than one of ours
    private final FairQueue queue;
    private final TrainingJobRepository jobs;
    private final ModelRepository models;
    private final AnalyticsClient analytics;
    private final ModelRegistry registry;
    private final PredictionConfig config;
    private final BatchScoring scoring;
    private final ScorePublisher scorePublisher;

    public TrainingJobs(TrainingJobRepository jobs, ModelRepository models, @RestClient AnalyticsClient analytics,
            ModelRegistry registry, PredictionConfig config, BatchScoring scoring, ScorePublisher scorePublisher) {
        this.scoring = scoring;
        this.scorePublisher = scorePublisher;
        this.jobs = jobs;
        this.models = models;
        this.analytics = analytics;
        this.registry = registry;
        this.config = config;
        this.queue = new FairQueue(config.queuedJobsPerTenant());
    }

    void onStart(@Observes StartupEvent start) {
        sweep();
    }

    /** How a job draws its customers: {@code nSamples} of them (0: all); whether its window was the default. */
    public record Options(int nSamples, boolean defaultWindow) {
    }

    public TrainingJob submit(String tenant, String token, ModelType type, TrainRequest request, Options options) {
        UUID id = UUID.randomUUID();
        if (!queue.offer(tenant, () -> run(id, tenant, token, type, request, options))) {
            throw new ProblemException(Problem.of(429, "Too Many Requests", "This tenant already has "
                    + config.queuedJobsPerTenant() + " training jobs waiting; submit more when they have run."), 30);
        }
        TrainingJob job = jobs
                .create(id, tenant, type.apiName(),
                        new JsonObject().put("calibration_end", request.calibrationEnd().toString())
                                .put("holdout_end",
                                        request.holdoutEnd() == null ? null : request.holdoutEnd().toString())
                                .put("time_unit", request.timeUnit()).put("hyperparameters", request.hyperparameters())
                                .put("n_samples", options.nSamples() == 0 ? null : options.nSamples())
                                .put("default_window", options.defaultWindow()))
                .await().indefinitely();
        // one turn per submission: the runner takes whichever tenant's job is next in the round
        runner.submit(() -> {
            Runnable next = queue.next();
            if (next != null) {
                next.run();
            }
        });
        return job;
    }

    private void run(UUID id, String tenant, String token, ModelType type, TrainRequest request, Options options) {
        Heartbeat control = new Heartbeat(id);
        try {
            control.progress(0.01, "reading features from analytics");
            control.checkCancelled();
            List<CustomerFeatures> features = analytics.features("Bearer " + token,
                    new FeatureQuery(request.calibrationEnd(), request.holdoutEnd(), List.of()));
            CustomerSample.Drawn sample = null;
            if (options.nSamples() > 0) {
                // drawn from the customers the model can use, so n_samples is the number it trains on
                sample = CustomerSample.draw(type == ModelType.BG_NBD ? BtydTraining.cohort(features) : features,
                        options.nSamples(), HyperParameters.seed(request.hyperparameters()));
                features = sample.customers();
            }
            control.progress(0.05, "training on " + features.size() + " customers");
            StoredModel trained = type == ModelType.BG_NBD
                    ? BtydTraining.train(tenant, request, features, control)
                    : TreeTraining.train(tenant, request, features, config.trainingThreads(), control);
            if (sample != null) {
                trained = trained.withDiagnostic("sample", sample.description());
            }
            control.checkCancelled();
            StoredModel stored = models.insert(trained).await().indefinitely();
            registry.forgetActive(tenant, type);
            jobs.finish(id, "succeeded", stored.id(), null).await().indefinitely();
            LOG.infof("job %s trained %s model %s version %d", id, type.apiName(), stored.id(), stored.version());
            announce(stored);
            if (type == ModelType.BG_NBD && "active".equals(stored.status())) {
                publishScores(tenant, token);
            }
        } catch (CancellationException e) {
            jobs.finish(id, "cancelled", null, null).await().indefinitely();
        } catch (BtydFitter.FitException | IllegalArgumentException e) {
            jobs.finish(id, "failed", null, e.getMessage()).await().indefinitely();
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed", id);
            jobs.finish(id, "failed", null, e.getClass().getSimpleName() + ": " + e.getMessage()).await()
                    .indefinitely();
        }
    }

    // subscribers hear of the model (webhook model.trained); failing that loses the notice, never the model
    private void announce(StoredModel stored) {
        try {
            scorePublisher.trained(new ModelTrained(stored.tenantId(), stored.id(), stored.type().apiName(),
                    stored.version(), stored.status(), Instant.now(), stored.performance() == null
                            ? Map.of()
                            : stored.performance()));
        } catch (RuntimeException e) {
            LOG.warnf("model %s trained but not announced: %s", stored.id(), e.getMessage());
        }
    }

    /** A new active BG/NBD model scores everyone at once; failing that only delays the scores, not the model. */
    private void publishScores(String tenant, String token) {
        try {
            BatchScoring.Result result = scoring.scoreAll(tenant, token);
            LOG.infof("published %d scores of model %s", result.customersScored(), result.modelId());
        } catch (RuntimeException e) {
            LOG.warnf("scores of the new model of %s not published: %s", tenant, e.getMessage());
        }
    }

    /** Reports progress to the job row (throttled) and reads the cancel flag back with it. */
    private final class Heartbeat implements JobControl {
        private final UUID id;
        private volatile double progress;
        private volatile String stage = "queued";
        private volatile long lastBeat;
        private volatile boolean cancelled;

        Heartbeat(UUID id) {
            this.id = id;
        }

        @Override
        public void progress(double fraction, String newStage) {
            progress = fraction;
            stage = newStage;
            beat(true);
        }

        @Override
        public boolean cancelled() {
            beat(false);
            return cancelled;
        }

        private void beat(boolean force) {
            long now = System.currentTimeMillis();
            if (force || now - lastBeat >= 2000) {
                lastBeat = now;
                cancelled = jobs.progress(id, progress, stage).await().indefinitely();
            }
        }
    }

    @Scheduled(every = "30s", delay = 30, delayUnit = java.util.concurrent.TimeUnit.SECONDS)
    void sweep() {
        jobs.failStale(config.staleJobAfter()).subscribe().with(n -> {
            if (n > 0) {
                LOG.warnf("%d training job(s) had stopped beating and were failed", n);
            }
        }, e -> LOG.warn("stale job sweep failed", e));
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
