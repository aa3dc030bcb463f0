package dev.clv.console.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.clv.console.ConsoleConfig;
import dev.clv.console.api.PlatformApi;
import dev.clv.console.report.ConsoleView;
import dev.clv.console.report.PdfExport;
import dev.clv.console.view.ViewParams;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs the schedules that are due: each as its owner (their offline token turned into an access token), the view
 * built from the API exactly as its page would be, laid out as a PDF off the event loop, archived, and e-mailed when
 * SMTP is set. A run that fails is archived with its reason and named on the schedule; the next one runs as planned.
 */
@ApplicationScoped
public class ReportRunner {
    private static final Logger LOG = Logger.getLogger(ReportRunner.class);
    private final ScheduleRepository schedules;
    private final TokenVault vault;
    private final OfflineTokens tokens;
    private final Instance<ConsoleView> views;
    private final PdfExport pdf;
    private final ReportMail mail;
    private final PlatformApi.Clients clients;
    private final ConsoleConfig config;
    private final int batch;

    public ReportRunner(ScheduleRepository schedules, TokenVault vault, OfflineTokens tokens,
            Instance<ConsoleView> views, PdfExport pdf, ReportMail mail, PlatformApi.Clients clients,
            ConsoleConfig config) {
        this.schedules = schedules;
        this.vault = vault;
        this.tokens = tokens;
        this.views = views;
        this.pdf = pdf;
        this.mail = mail;
        this.clients = clients;
        this.config = config;
        this.batch = config.reports().batch();
    }

    @Scheduled(every = "${console.reports.poll}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> runDue() {
        // one at a time: a report is a handful of API calls as its owner, who shares their tenant's quota
        return schedules.claimDue(batch, Instant.now()).onItem().transformToMulti(due -> Multi.createFrom()
                .iterable(due)).onItem().transformToUniAndConcatenate(this::run).collect().asList()
                .replaceWithVoid().onFailure().invoke(e -> LOG.error("Looking for due reports failed", e))
                .onFailure().recoverWithNull();
    }

    /** Runs one schedule's occurrence; answers the archive entry's id (never fails: a failure is archived). */
    public Uni<UUID> run(ScheduleRepository.Due due) {
        Schedule s = due.schedule();
        LocalDate[] range = s.rangeFor(due.at());
        UUID entry = UUID.randomUUID();
        String file = s.view() + (s.params().containsKey("id")
                ? "-" + s.params().get("id").replaceAll(
                        "[^A-Za-z0-9_.-]", "_")
                : "") + "-" + range[0] + "-" + range[1] + ".pdf";
        Instant started = Instant.now();
        String offline = vault.open(due.token(), s.id().toString());
        return tokens.access(offline).flatMap(t -> {
            PlatformApi api = new PlatformApi(clients, config, new AccessTokenCredential(t.access()));
            ViewParams view = new ViewParams(range[0], range[1], s.zone(), s.params().getOrDefault("currency", ""));
            ConsoleView v = views.stream().filter(c -> c.name().equals(s.view())).findFirst().orElseThrow(
                    () -> new IllegalStateException("there is no view " + s.view() + " any more"));
            return Uni.createFrom().deferred(() -> v.report(api, view, s.params()))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(report -> java.util.Map.entry(report.title(), pdf.write(report, s.zone())))
                    .flatMap(made -> mail.send(s, made.getKey(), file, made.getValue())
                            .onFailure().recoverWithItem(e -> {
                                LOG.warnf("E-mailing report %s failed: %s", s.id(), e.getMessage());
                                return null;
                            })
                            .flatMap(emailed -> schedules.archive(due, new ScheduleRepository.Archived(entry, s.id(),
                                    s.view(), file, range[0], range[1], started, true, null, emailed),
                                    made
                                            .getValue())))
                    .flatMap(x -> schedules.ran(s.id(), started, null, t.offline().equals(offline)
                            ? null
                            : vault.seal(t.offline(), s.id().toString())));
        }).replaceWith(entry).onFailure().recoverWithUni(e -> {
            String why = e instanceof ViewParams.BadView ? "the parameter " + e.getMessage() : e.getMessage();
            LOG.warnf("Scheduled report %s of tenant %s failed: %s", s.id(), s.tenant(), why);
            return schedules.archive(due, new ScheduleRepository.Archived(entry, s.id(), s.view(), file, range[0],
                    range[1], started, false, why, null), null).chain(() -> schedules.ran(s.id(), started, why, null))
                    .replaceWith(entry);
        });
    }
}
