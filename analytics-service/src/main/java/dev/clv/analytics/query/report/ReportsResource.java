package dev.clv.analytics.query.report;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.HeavyAnswers;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Time-series reports in the caller's time zone: acquisition, retention, engagement, revenue. */
@Path("/v1/reports")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {
    private final Map<String, Report> reports;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final HeavyAnswers heavy;

    public ReportsResource(Instance<Report> reports, CallerContext callers, ProjectionStatus status,
            HeavyAnswers heavy) {
        this.heavy = heavy;
        this.reports = reports.stream().collect(Collectors.toMap(Report::name, Function.identity()));
        this.callers = callers;
        this.status = status;
    }

    /** A report's answer: the window as understood, the money's currency, and one row per period. */
    public record ReportData(String report, String timezone, String granularity, String startDate, String endDate,
            String currency, List<String> missingRates, List<Map<String, Object>> periods) {
    }

    @GET
    @Path("/{report}")
    @Operation(summary = "A report per day, week or month", description = "acquisition, retention, engagement or "
            + "revenue; start_date and end_date (inclusive local days), granularity day|week|month, timezone (IANA, "
            + "default UTC). Revenue is in the tenant's reporting currency.")
    public Uni<ApiAnswer<ReportData>> report(@PathParam("report") String name, @Context UriInfo uri) {
        Report report = reports.get(name);
        if (report == null) {
            throw ProblemException.notFound("There is no report '" + name + "'; there are " + reports.keySet() + ".");
        }
        ReportParams params = ReportParams.of(new AnswerParams(uri.getQueryParameters()));
        String tenant = callers.tenant();
        return Uni.combine().all().unis(heavy.run(tenant, () -> report.run(tenant, params)), status.of(tenant))
                .with((result, asOf) -> {
                    ReportData data = new ReportData(name, params.zone().getId(), params.granularity(),
                            params.start().toString(), params.end().toString(), result.currency(),
                            result.missingRates(),
                            result.rows());
                    return ApiAnswer.of("Report generated", data, result.rows().size(), null, asOf);
                });
    }
}
