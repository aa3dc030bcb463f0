package dev.clv.console.dashboard;

import java.math.BigDecimal;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.clv.console.api.ApiException;
import dev.clv.console.api.PlatformApi;
import dev.clv.console.view.Problems;
import dev.clv.console.view.SignedIn;
import dev.clv.console.view.ViewParams;
import dev.clv.console.view.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** {@code /app/dashboard}: the range's key figures against the period before, and revenue over time. */
@Path("/dashboard")
public class DashboardPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Viewer viewer, ViewParams view, List<Kpi> kpis, String currency,
                List<String> missingRates, String chart, String granularity, boolean empty);
    }

    @Inject
    SignedIn signedIn;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> get(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("zone") String zone, @QueryParam("currency") String currency) {
        Viewer viewer = signedIn.viewer();
        ViewParams view;
        try {
            view = ViewParams.of(from, to, zone, currency);
        } catch (ViewParams.BadView bad) {
            ViewParams fallback = ViewParams.of(null, null, null, null);
            return Uni.createFrom().item(Problems.problem(viewer, fallback, "This view cannot be shown",
                    "The parameter '" + bad.parameter() + "' " + bad.getMessage().substring(
                            bad.parameter().length() + 1) + "."));
        }
        String granularity = view.days() <= 62 ? "day" : view.days() <= 366 ? "week" : "month";
        // one report at a time: the analytics service runs at most two heavy answers per tenant at once (503 past
        // that), and the tenant's other users and clients share them
        return figures(view, granularity).flatMap(now -> figures(view.previous(), granularity)
                .map(before -> render(viewer, view, granularity, now, before)))
                .onFailure(ApiException.class).recoverWithItem(e -> Problems.problem(viewer, view,
                        "The platform could not answer", e.getMessage()));
    }

    private Uni<RevenueFigures> figures(ViewParams view, String granularity) {
        String query = "?start_date=" + view.from() + "&end_date=" + view.to() + "&timezone="
                + java.net.URLEncoder.encode(view.zone().getId(), java.nio.charset.StandardCharsets.UTF_8)
                + "&granularity=" + granularity;
        return signedIn.api().get("/v1/reports/revenue" + query)
                .flatMap(revenue -> signedIn.api().get("/v1/reports/retention" + query)
                        .map(retention -> RevenueFigures.of(revenue, retention)));
    }

    private static TemplateInstance render(Viewer viewer, ViewParams view, String granularity, RevenueFigures now,
            RevenueFigures before) {
        List<Kpi> kpis = List.of(
                new Kpi("net-revenue", "Net revenue", now.net(), before.net(), 2, now.currency()),
                new Kpi("orders", "Orders", BigDecimal.valueOf(now.orders()), BigDecimal.valueOf(before.orders()), 0,
                        ""),
                new Kpi("average-order-value", "Average order value", now.averageOrderValue(),
                        before.averageOrderValue(), 2, now.currency()),
                new Kpi("new-buyers", "New buyers", BigDecimal.valueOf(now.newBuyers()),
                        BigDecimal.valueOf(before.newBuyers()), 0, ""),
                new Kpi("refunds", "Refunds", BigDecimal.valueOf(now.refunds()), BigDecimal.valueOf(before.refunds()),
                        0, ""));
        String chart;
        try {
            chart = PlatformApi.JSON.writeValueAsString(now.series());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Templates.dashboard(viewer, view, kpis, now.currency(), now.missingRates(), chart, granularity,
                now.orders() == 0 && now.refunds() == 0);
    }
}
