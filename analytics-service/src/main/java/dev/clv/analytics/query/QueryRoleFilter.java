package dev.clv.analytics.query;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.clv.analytics.shared.AnalyticsRoles;
import dev.clv.contracts.problem.ProblemException;

/** Without the query role this process answers no analytics route (404), before any route or scope is looked at. */
public class QueryRoleFilter {
    private final AnalyticsRoles roles;

    public QueryRoleFilter(AnalyticsRoles roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true)
    public void refuseWithoutQueryRole() {
        if (!roles.query()) {
            throw ProblemException.notFound("This analytics instance runs the projection only (ANALYTICS_ROLES); "
                    + "its answers are served by the query instances.");
        }
    }
}
