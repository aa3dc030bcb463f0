package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedTransaction;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * The model features of every generated customer against a computation from the raw generated rows: purchase
 * days (UTC), BG/NBD's x, t_x and T, the repeat spend, RFM, profile and holdout outcome.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ModelFeaturesTest {
    @BeforeEach
    void load() {
        GeneratedTenant.ensureLoaded();
    }

    @Test
    void everyCustomersFeaturesMatchTheirRawRows() {
        LocalDate observed = GeneratedTenant.DATA.observedAt().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate end = observed.minusDays(180);
        Map<String, TreeMap<LocalDate, double[]>> days = new HashMap<>();
        for (GeneratedTransaction t : GeneratedTenant.DATA.transactions()) {
            double[] day = days.computeIfAbsent(t.customerId(), k -> new TreeMap<>())
                    .computeIfAbsent(t.transactionDate().atZone(ZoneOffset.UTC).toLocalDate(), k -> new double[2]);
            day[0] += t.isRefund() ? 0 : 1;
            day[1] += t.amount().doubleValue();
        }
        List<Map<String, Object>> answer = given().auth().oauth2(OidcResource.token(GeneratedTenant.TENANT,
                "analytics:read")).contentType("application/json").body("{\"calibration_end\":\"" + end
                        + "\",\"holdout_end\":\"" + observed + "\"}")
                .post("/v1/model-features").then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .getList("$");
        Map<String, Map<String, Object>> byId = new HashMap<>();
        answer.forEach(row -> byId.put((String) row.get("customer_id"), row));
        int expectedRows = 0;
        for (GeneratedCustomer c : GeneratedTenant.DATA.customers()) {
            TreeMap<LocalDate, double[]> all = days.getOrDefault(c.customerId(), new TreeMap<>());
            TreeMap<LocalDate, double[]> purchaseDays = new TreeMap<>();
            all.headMap(end, true).forEach((d, v) -> {
                if (v[0] > 0) {
                    purchaseDays.put(d, v);
                }
            });
            boolean registered = !c.registrationDate().atZone(ZoneOffset.UTC).toLocalDate().isAfter(end);
            Map<String, Object> row = byId.get(c.customerId());
            if (purchaseDays.isEmpty() && !registered) {
                assertEquals(null, row, c.customerId());
                continue;
            }
            expectedRows++;
            String id = c.customerId();
            if (purchaseDays.isEmpty()) {
                assertEquals(null, row.get("days_observed"), id);
                continue;
            }
            LocalDate first = purchaseDays.firstKey(), last = purchaseDays.lastKey();
            int x = purchaseDays.size() - 1;
            double repeat = all.subMap(first, false, end, true).values().stream().mapToDouble(v -> v[1]).sum();
            double net = all.headMap(end, true).values().stream().mapToDouble(v -> v[1]).sum();
            assertEquals(x, ((Number) row.get("repeat_purchases")).intValue(), id);
            assertEquals((double) (end.toEpochDay() - first.toEpochDay()), number(row, "days_observed"), 1e-9, id);
            assertEquals((double) (last.toEpochDay() - first.toEpochDay()), number(row, "days_to_last_purchase"),
                    1e-9, id);
            assertEquals(x == 0 ? 0 : repeat / x, number(row, "repeat_mean_value"), 1e-6, id);
            assertEquals((double) (end.toEpochDay() - last.toEpochDay()), number(row, "recency"), 1e-9, id);
            assertEquals(net, number(row, "monetary_value"), 1e-6, id);
            assertEquals(c.age(), ((Number) row.get("age")).intValue(), id);
            assertEquals(c.country(), row.get("country"), id);
            long holdoutDays = all.subMap(end, false, observed, true).values().stream().filter(v -> v[0] > 0).count();
            assertEquals(holdoutDays, ((Number) row.get("holdout_purchases")).longValue(), id);
            assertEquals(all.subMap(end, false, observed, true).values().stream().mapToDouble(v -> v[1]).sum(),
                    number(row, "holdout_value"), 1e-6, id);
        }
        assertEquals(expectedRows, answer.size());
    }

    @Test
    void aMissingCalibrationEndIsAProblemNamingIt() {
        given().auth().oauth2(OidcResource.token(GeneratedTenant.TENANT, "analytics:read"))
                .contentType("application/json").body("{}").post("/v1/model-features").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field",
                        org.hamcrest.Matchers.equalTo("calibration_end"));
    }

    private static double number(Map<String, Object> row, String field) {
        return new BigDecimal(row.get(field).toString()).doubleValue();
    }
}
