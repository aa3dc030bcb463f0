package dev.clv.analytics.query.pipe;

import java.util.LinkedHashMap;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.AsOf;
import dev.clv.analytics.query.pipe.PipeResponse.Column;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.snapshot.AnswerSnapshots;
import dev.clv.analytics.query.answer.HeavyAnswers;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import io.smallrye.mutiny.Uni;

/** Tinybird-compatible pipe endpoints over the maintained aggregates, as JSON or as CSV. */
@Path("/v0/pipes")
@RequiresScope(Scopes.ANALYTICS_READ)
public class PipesResource {
    private final Map<String, Pipe> pipes;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final AnswerSnapshots snapshots;
    private final HeavyAnswers heavy;
    private final TenantSettingsResolver tenants;
    private final RfmSnapshot rfm;

    public PipesResource(Instance<Pipe> pipes, CallerContext callers, ProjectionStatus status,
            AnswerSnapshots snapshots, HeavyAnswers heavy, TenantSettingsResolver tenants, RfmSnapshot rfm) {
        this.rfm = rfm;
        this.tenants = tenants;
        this.snapshots = snapshots;
        this.heavy = heavy;
        this.pipes = pipes.stream().collect(Collectors.toMap(Pipe::name, Function.identity()));
        this.callers = callers;
        this.status = status;
    }

    @GET
    @Path("/{pipe}.{format}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Query a pipe", description = "customer_ltv, ltv_by_cohort, ltv_influencing_factors, ltv_forecast, customer_segmentation, "
            + "customer_retention_analysis; parameters as documented in docs/analytics.md. start_date and end_date: "
            + "YYYY-MM-DD (whole local days of the tenant's time zone), 'YYYY-MM-DD HH:MM:SS' (a local time, the "
            + "end's whole second included) or ISO-8601 with an offset. `.csv` or format=csv answers CSV with a "
            + "header row.")
    public Uni<Response> query(@PathParam("pipe") String name, @PathParam("format") String extension,
            @Context UriInfo uri) {
        String tenant = callers.tenant();
        // local dates and times of the pipes' parameters are the tenant's
        AnswerParams params = new AnswerParams(uri.getQueryParameters(), tenants.of(tenant).timeZone());
        String format = params.oneOf("format", java.util.Set.of("json", "csv"));
        boolean csv = "csv".equals(format) || "csv".equals(extension);
        if (!"json".equals(extension) && !"csv".equals(extension)) {
            throw ProblemException.notFound("Pipes answer as .json or .csv, not ." + extension + ".");
        }
        Pipe pipe = pipes.get(name);
        if (pipe == null) {
            throw ProblemException.notFound("There is no pipe named '" + name + "'; there are " + pipes.keySet()
                    + ".");
        }
        long started = System.nanoTime();
        if (csv) {
            return live(tenant, pipe, params, () -> pipe.run(tenant, params))
                    .map(data -> Response.ok(PipeCsv.write(pipe.columns(params), data), "text/csv")
                            .build());
        }
        String snapshot = uri.getQueryParameters().isEmpty() ? DefaultPipeSnapshots.snapshotName(name) : null;
        Uni<Pipe.Answer> answer;
        if ("customer_segmentation".equals(name) && RfmSnapshot.serves(uri.getQueryParameters())) {
            // one segment of the RFM over all time: the tenant's RFM table, an index range, once it is there
            String segment = params.oneOf("segment_filter", new java.util.LinkedHashSet<>(
                    dev.clv.contracts.rfm.RfmSegments.NAMES));
            int limit = params.limit(100);
            answer = snapshots.read(tenant, RfmSnapshot.NAME).chain(s -> s == null
                    ? live(tenant, pipe, params, () -> pipe.answer(tenant, params))
                    : rfm.read(tenant, segment, limit).map(rows -> new Pipe.Answer(rows, s.watermark())));
        } else {
            answer = snapshot == null
                    ? live(tenant, pipe, params, () -> pipe.answer(tenant, params))
                    : snapshots.servedOr(tenant, snapshot, Pipe.Answer::of, () -> live(tenant, pipe, params,
                            () -> pipe.answer(tenant, params)));
        }
        return Uni.combine().all().unis(answer, status.of(tenant)).asTuple().map(t -> {
            List<List<Object>> rows = t.getItem1().rows();
            List<Map<String, Object>> data = rows.stream().map(row -> named(pipe.columns(params), row)).toList();
            AsOf asOf = t.getItem2().ofSnapshot(t.getItem1().snapshotWatermark());
            long bytes = rows.stream().flatMap(List::stream).mapToLong(v -> v == null
                    ? 4
                    : v.toString()
                            .length())
                    .sum();
            PipeResponse.Statistics statistics = new PipeResponse.Statistics((System.nanoTime() - started) / 1e9,
                    data.size(), bytes);
            return Response.ok(new PipeResponse(pipe.columns(params), data, data.size(), statistics, asOf),
                    MediaType.APPLICATION_JSON).build();
        });
    }

    private <T> Uni<T> live(String tenant, Pipe pipe, AnswerParams params,
            java.util.function.Supplier<Uni<T>> answer) {
        return pipe.heavy(params) ? heavy.run(tenant, answer) : answer.get();
    }

    private static Map<String, Object> named(List<Column> columns, List<Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.put(columns.get(i).name(), row.get(i));
        }
        return out;
    }
}
