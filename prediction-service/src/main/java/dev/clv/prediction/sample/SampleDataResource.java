package dev.clv.prediction.sample;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.Dataset;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;
import io.smallrye.common.annotation.Blocking;

/**
 * Synthetic customers with a known truth (BG/NBD and Gamma-Gamma at CDNOW's published parameters, in weeks), sent
 * through the ingestion API of the caller's tenant like any client's data; the same seed sends the same rows,
 * which ingestion then recognises as duplicates.
 */
@Path("/v1/sample-data")
public class SampleDataResource {
    private static final int BATCH = 5_000;
    private final IngestionClient ingestion;
    private final CallerContext callers;

    public SampleDataResource(@RestClient IngestionClient ingestion, CallerContext callers) {
        this.ingestion = ingestion;
        this.callers = callers;
    }

    @POST
    @RequiresScope(Scopes.MODELS_WRITE)
    @Blocking
    @Operation(summary = "Generate and ingest synthetic customers with known ground truth", description = "n_customers "
            + "1..100000 (1000), seed (1). Dated over the two years up to today. Needs events:write too.")
    public Map<String, Object> generate(@QueryParam("n_customers") String nCustomers,
            @QueryParam("seed") String seedText) {
        // read by hand: JAX-RS answers 404 to a parameter it cannot convert
        int customers = QueryParams.intIn("n_customers", nCustomers, 1000, 1, 100_000);
        long seed = QueryParams.longIn("seed", seedText, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        String auth = "Bearer " + callers.bearerToken();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        CustomerDataGenerator.Truth truth = CustomerDataGenerator.Truth.CDNOW;
        Dataset data = CustomerDataGenerator.generate(new CustomerDataGenerator.Spec(customers, seed,
                today.minus(730, ChronoUnit.DAYS), today, truth, "sample-" + seed + "-"));
        send(auth, "customers", data.customers().stream().map(GeneratedCustomer::toJson).toList(), false);
        send(auth, "customer_interactions", data.interactions().stream().map(GeneratedInteraction::toJson).toList(),
                false);
        send(auth, "transactions", data.transactions().stream().map(GeneratedTransaction::toJson).toList(), true);
        Map<String, Object> answer = new LinkedHashMap<>();
        // the seed's clients print a message; the counts and the truth are for everyone else
        answer.put("message", "Generated " + data.customers().size() + " customers with " + data.transactions()
                .size() + " transactions and " + data.interactions().size() + " interactions, sent through "
                + "ingestion; train a model with POST /v1/models/{bg_nbd|xgboost}/train (or /train/{model_type}).");
        answer.put("customers", data.customers().size());
        answer.put("transactions", data.transactions().size());
        answer.put("interactions", data.interactions().size());
        answer.put("observed_until", data.observedAt().toString());
        answer.put("ground_truth", Map.of("time_unit", "weeks", "r", truth.r(), "alpha", truth.alpha(), "a",
                truth.a(), "b", truth.b(), "p", truth.spendShape(), "q", truth.q(), "v", truth.gamma()));
        return answer;
    }

    private void send(String auth, String name, List<String> rows, boolean waitForLast) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            int to = Math.min(rows.size(), from + BATCH);
            ingestion.send(auth, name, waitForLast && to == rows.size(), String.join("\n", rows.subList(from, to)));
        }
    }
}
