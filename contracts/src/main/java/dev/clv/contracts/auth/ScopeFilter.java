package dev.clv.contracts.auth;

import java.lang.reflect.Method;

import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.clv.contracts.problem.ProblemException;

/**
 * Checks every REST call: a caller with a tenant, holding the scope the resource method declares. A method that
 * declares no scope is refused, so a forgotten annotation fails closed.
 */
public class ScopeFilter {
    private final CallerContext callers;

    public ScopeFilter(CallerContext callers) {
        this.callers = callers;
    }

    @ServerRequestFilter
    public void checkScope(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        RequiresScope required = method.getAnnotation(RequiresScope.class);
        if (required == null) {
            required = resource.getResourceClass().getAnnotation(RequiresScope.class);
        }
        Caller caller = callers.current();
        if (required == null) {
            throw ProblemException.forbidden("This route declares no scope and is closed.");
        }
        if (!caller.has(required.value())) {
            throw ProblemException.forbidden("The token lacks the scope '" + required.value() + "'.");
        }
    }
}
