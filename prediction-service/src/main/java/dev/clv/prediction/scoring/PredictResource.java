package dev.clv.prediction.scoring;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.config.PredictionConfig;
import dev.clv.prediction.registry.ModelRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * Predictions with the tenant's active model: one, a JSON batch (an array of rows, or {@code {rows, options}}), or
 * a streamed NDJSON batch of any size. Rows come in the current shape or the seed's flat one ({@link RowReader}).
 */
@Path("/v1/predict")
@RequiresScope(Scopes.PREDICTIONS_READ)
@Blocking
public class PredictResource {
    private final PredictionService predictions;
    private final CallerContext callers;
    private final ObjectMapper json;
    private final PredictionConfig config;

    private final ModelRegistry registry;

    public PredictResource(PredictionService predictions, CallerContext callers, ObjectMapper json,
            PredictionConfig config, ModelRegistry registry) {
        this.registry = registry;
        this.predictions = predictions;
        this.callers = callers;
        this.json = json;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict one customer's value", description = "model_type: xgboost or bg_nbd; without it, bg_nbd when the tenant has an active one, else xgboost. "
            + "Body: customer_id alone (features from analytics as of as_of), or the features, at the top level as "
            + "the seed sends them or in 'features': recency, frequency, monetary_value, tenure, avg_order_value, "
            + "days_between_purchases, total_orders, age, gender, country (durations in days). Also horizon (12), "
            + "time_unit (days, weeks, months: default months), discount_rate (monthly, 0.01) and as_of (a date, "
            + "default today; also a query parameter). The answer names its as_of.")
    public Prediction predict(@QueryParam("model_type") String modelType,
            @QueryParam("as_of") String asOf, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.badRequest("body", "a JSON object with customer_id or the features is required");
        }
        PredictionRequest request = RowReader.read(body);
        Predictor.Options options = CallOptions.of(request.horizon(), request.timeUnit(), request.discountRate(),
                true);
        PredictionService.Outcome outcome = predictions.predict(callers.tenant(), callers.bearerToken(),
                type(modelType), List.of(new RowReader.Parsed(request, null)), options,
                asOf(asOf)).get(0);
        if (outcome.error() != null) {
            throw ProblemException.badRequest(outcome.error().field(), outcome.error().reason());
        }
        return outcome.prediction();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict up to 10,000 rows", description = "Body: a JSON array of rows (the seed's shape; "
            + "options as query parameters), or {rows: [...], horizon, time_unit, discount_rate, intervals, as_of} "
            + "(a missing option falls back to the query parameter). A row's own as_of wins. Answers {results: "
            + "[...], errors: [{row, field, reason}]}; a bad row does not stop the others. For more rows, NDJSON.")
    public Map<String, Object> batch(@QueryParam("model_type") String modelType,
            @QueryParam("horizon") String horizon, @QueryParam("time_unit") String timeUnit,
            @QueryParam("discount_rate") String discountRate, @QueryParam("intervals") String intervals,
            @QueryParam("as_of") String asOf, JsonNode body) {
        boolean array = body != null && body.isArray();
        if (!array && (body == null || !body.isObject() || !body.path("rows").isArray())) {
            throw ProblemException.badRequest("rows", "is required: send a JSON array of rows, or {\"rows\": [...]}");
        }
        JsonNode rows = array ? body : body.get("rows");
        if (rows.size() > config.maxBatchRows()) {
            throw ProblemException.badRequest("rows", "at most " + config.maxBatchRows() + " rows per JSON batch; "
                    + "send larger batches as application/x-ndjson");
        }
        JsonNode shared = array ? JsonNodeFactory.instance.objectNode() : body;
        Predictor.Options options = CallOptions.of(shared, horizon, timeUnit, discountRate, intervals, true);
        LocalDate day = shared.hasNonNull("as_of")
                ? RowReader.date("as_of", RowReader.text(shared, "as_of", ""))
                : asOf(asOf);
        List<RowReader.Parsed> parsed = new ArrayList<>(rows.size());
        rows.forEach(row -> parsed.add(RowReader.parse(row)));
        List<PredictionService.Outcome> outcomes = predictions.predict(callers.tenant(), callers.bearerToken(),
                type(modelType), parsed, options, day);
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
    @Operation(summary = "Predict any number of rows, streamed", description = "One row per line, in either shape; "
            + "options as query parameters. One answer line per input line, in order: a prediction, or {row, "
            + "error: {field, reason}}.")
    public StreamingOutput stream(@QueryParam("model_type") String modelType,
            @QueryParam("horizon") String horizon, @QueryParam("time_unit") String timeUnit,
            @QueryParam("discount_rate") String discountRate, @QueryParam("intervals") String intervals,
            @QueryParam("as_of") String asOf, InputStream body) {
        ModelType type = type(modelType);
        Predictor.Options options = CallOptions.of(JsonNodeFactory.instance.objectNode(), horizon, timeUnit,
                discountRate, intervals, true);
        LocalDate day = asOf(asOf);
        String tenant = callers.tenant(), token = callers.bearerToken();
        return out -> new NdjsonScoring(json, (rows) -> predictions.predict(tenant, token, type, rows, options, day))
                .run(body, out);
    }

    private static LocalDate asOf(String value) {
        LocalDate day = RowReader.date("as_of", value);
        return day == null ? LocalDate.now(ZoneOffset.UTC) : day;
    }

    private ModelType type(String modelType) {
        return modelType == null || modelType.isBlank()
                ? registry.defaultType(callers.tenant())
                : ModelType.parse(modelType, "model_type");
    }
}
