package dev.clv.console.view;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Pages and exports carry a person's data: never stored by the browser or a proxy. Static assets (served outside
 * JAX-RS) stay cacheable, so a page does not fetch ECharts again.
 */
@Provider
public class NoStore implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }
}
