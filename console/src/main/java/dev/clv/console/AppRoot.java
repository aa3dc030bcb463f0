package dev.clv.console;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /app/}: the dashboard, with the view's query (range, zone, currency) kept. */
@Path("/")
public class AppRoot {

    @GET
    public Response root(@Context UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        // relative to the application root (/app), as JAX-RS resolves a redirect
        return Response.seeOther(URI.create("/dashboard" + (query == null ? "" : "?" + query))).build();
    }
}
