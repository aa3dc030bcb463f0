package dev.clv.prediction.sample;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The ingestion service's write API, used by sample data so that it takes the same path as real data. */
@RegisterRestClient(configKey = "ingestion")
@Path("/v0/events")
public interface IngestionClient {
    @POST
    @Consumes("application/x-ndjson")
    @Produces(MediaType.APPLICATION_JSON)
    Map<String, Object> send(@HeaderParam("Authorization") String authorization, @QueryParam("name") String name,
            @QueryParam("wait") boolean wait, String ndjson);
}
