package dev.clv.prediction.scoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.config.PredictionConfig;
import io.smallrye.common.annotation.Blocking;

/** Predictions with the tenant's active model: one, a JSON batch, or a streamed NDJSON batch of any size. */
@Path("/v1/predict")
@RequiresScope(Scopes.PREDICTIONS_READ)
@Blocking
public class PredictResource {
    private static final int NDJSON_CHUNK = 2_000;
    private final PredictionService predictions;
    private final CallerContext callers;
    private final ObjectMapper json;
    private final PredictionConfig config;

    public PredictResource(PredictionService predictions, CallerContext callers, ObjectMapper json,
            PredictionConfig config) {
        this.predictions = predictions;
        this.callers = callers;
        this.json = json;
        this.config = config;
    }

    /** A JSON batch: rows plus the options they share. */
    public record Batch(List<PredictionRequest> rows, Double horizon, String timeUnit, Double discountRate,
            Boolean intervals) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict one customer's value", description = "model_type: xgboost or bg_nbd (default). "
            + "Body: customer_id, or features {recency, frequency, monetary_value, tenure, avg_order_value, "
            + "days_between_purchases, total_orders, age, gender, country}; bg_nbd also horizon (12), time_unit "
            + "(days, weeks, months: default months) and discount_rate (monthly, 0.01).")
    public Object predict(@QueryParam("model_type") @DefaultValue("bg_nbd") String modelType,
            PredictionRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with customer_id or features is required");
        }
        PredictionService.Outcome outcome = predictions.predict(callers.tenant(), callers.bearerToken(),
                ModelType.parse(modelType, "model_type"), List.of(request), options(request.horizon(),
                        request.timeUnit(), request.discountRate(), true))
                .get(0);
        if (outcome.error() != null) {
            throw ProblemException.badRequest(outcome.error().field(), outcome.error().reason());
        }
        return outcome.prediction();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict up to 10,000 rows", description = "Body {rows: [...], horizon, time_unit, "
            + "discount_rate, intervals}. Answers {results: [...], errors: [{row, field, reason}]}; a bad row does "
            + "not stop the others. For more rows, send NDJSON.")
    public Map<String, Object> batch(@QueryParam("model_type") @DefaultValue("bg_nbd") String modelType,
            Batch batch) {
        if (batch == null || batch.rows() == null) {
            throw ProblemException.badRequest("rows", "is required");
        }
        if (batch.rows().size() > config.maxBatchRows()) {
            throw ProblemException.badRequest("rows", "at most " + config.maxBatchRows() + " rows per JSON batch; "
                    + "send larger batches as application/x-ndjson");
        }
        List<PredictionService.Outcome> outcomes = predictions.predict(callers.tenant(), callers.bearerToken(),
                ModelType.parse(modelType, "model_type"), batch.rows(), options(batch.horizon(), batch.timeUnit(),
                        batch.discountRate(), batch.intervals() == null || batch.intervals()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", outcomes.stream().filter(o -> o.prediction() != null).map(o -> o.prediction())
                .toList());
        answer.put("errors", outcomes.stream().filter(o -> o.error() != null).map(o -> o.error()).toList());
        return answer;
    }

    @POST
    @Path("/batch")
    @Consumes("application/x-ndjson")
    @Produces("application/x-ndjson")
    @Operation(summary = "Predict any number of rows, streamed", description = "One request object per line; "
            + "options as query parameters. One answer line per input line, in order: a prediction, or {row, "
            + "error: {field, reason}}.")
    public StreamingOutput stream(@QueryParam("model_type") @DefaultValue("bg_nbd") String modelType,
            @QueryParam("horizon") Double horizon, @QueryParam("time_unit") String timeUnit,
            @QueryParam("discount_rate") Double discountRate,
            @QueryParam("intervals") @DefaultValue("true") boolean intervals, InputStream body) {
        ModelType type = ModelType.parse(modelType, "model_type");
        Predictor.Options options = options(horizon, timeUnit, discountRate, intervals);
        String tenant = callers.tenant(), token = callers.bearerToken();
        return out -> {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            List<PredictionRequest> chunk = new ArrayList<>(NDJSON_CHUNK);
            List<String> unreadable = new ArrayList<>();
            int row = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    chunk.add(json.readValue(line, PredictionRequest.class));
                    unreadable.add(null);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    chunk.add(null);
                    unreadable.add("not a JSON prediction request: " + e.getOriginalMessage());
                }
                if (chunk.size() == NDJSON_CHUNK) {
                    row = write(out, tenant, token, type, chunk, unreadable, options, row);
                }
            }
            write(out, tenant, token, type, chunk, unreadable, options, row);
        };
    }

    private int write(OutputStream out, String tenant, String token, ModelType type, List<PredictionRequest> chunk,
            List<String> unreadable, Predictor.Options options, int firstRow) throws IOException {
        if (chunk.isEmpty()) {
            return firstRow;
        }
        List<PredictionService.Outcome> outcomes = predictions.predict(tenant, token, type, chunk, options);
        StringBuilder text = new StringBuilder(chunk.size() * 256);
        for (PredictionService.Outcome o : outcomes) {
            int row = firstRow + o.row();
            String reason = unreadable.get(o.row()) != null
                    ? unreadable.get(o.row())
                    : o.error() == null ? null : o.error().reason();
            if (reason != null) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("field", unreadable.get(o.row()) != null ? "line" : o.error().field());
                error.put("reason", reason);
                text.append(json.writeValueAsString(Map.of("row", row, "error", error)));
            } else {
                text.append(json.writeValueAsString(o.prediction()));
            }
            text.append('\n');
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        int next = firstRow + chunk.size();
        chunk.clear();
        unreadable.clear();
        return next;
    }

    private static Predictor.Options options(Double horizon, String unit, Double discount, boolean intervals) {
        if (horizon != null && (horizon <= 0 || horizon > 1200)) {
            throw ProblemException.badRequest("horizon", "must be above 0 and at most 1200");
        }
        if (discount != null && (discount < 0 || discount >= 1)) {
            throw ProblemException.badRequest("discount_rate", "must be in [0, 1): a monthly rate");
        }
        Predictor.Options d = Predictor.Options.DEFAULT;
        return new Predictor.Options(horizon == null ? d.horizon() : horizon,
                unit == null ? d.unit() : TimeUnit.parse(unit, "time_unit", true),
                discount == null ? d.monthlyDiscount() : discount, intervals);
    }
}
