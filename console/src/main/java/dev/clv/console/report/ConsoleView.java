package dev.clv.console.report;

import java.util.Map;

import dev.clv.console.api.PlatformApi;
import dev.clv.console.view.ViewParams;
import io.smallrye.mutiny.Uni;

/**
 * A view of the console that can be a page and an export: {@code /app/{name}}, {@code /app/{name}.pdf}, and for a
 * view with tables {@code .csv} and {@code .xlsx}, all from the same query.
 */
public interface ConsoleView {
    String name();

    /** The range shown when the URL names none: the last 30 days, or more for views of months. */
    default int defaultDays() {
        return 30;
    }

    /** Builds the view from the API (as the signed-in user) for these filters and the view's own parameters. */
    Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query);
}
