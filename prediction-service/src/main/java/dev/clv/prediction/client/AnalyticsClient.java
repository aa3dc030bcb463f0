package dev.clv.prediction.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;

/** The analytics service's model features, asked on the caller's behalf (their token, so their tenant). */
@RegisterRestClient(configKey = "analytics")
@Path("/v1/model-features")
public interface AnalyticsClient {
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    List<CustomerFeatures> features(@HeaderParam("Authorization") String authorization, FeatureQuery query);
}
