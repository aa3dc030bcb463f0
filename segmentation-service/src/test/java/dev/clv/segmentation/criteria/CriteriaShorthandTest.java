package dev.clv.segmentation.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.JsonCustomizer;
import dev.clv.contracts.problem.ProblemException;

/** Seed 003's flat criteria become exactly the rule tree written out here by hand; bad keys and values are 400s. */
class CriteriaShorthandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static {
        new JsonCustomizer().customize(MAPPER); // decimals as the API reads them
    }

    private static JsonNode expand(String json) throws Exception {
        return CriteriaShorthand.expand(MAPPER.readTree(json), "criteria");
    }

    private static List<String> errors(String json) {
        ProblemException e = assertThrows(ProblemException.class, () -> expand(json));
        assertEquals(400, e.problem().status());
        return e.problem().errors().stream().map(f -> f.field() + ": " + f.reason()).toList();
    }

    @Test
    void seed003sAtRiskCriteriaAreBothConditionsUnderAll() throws Exception {
        JsonNode tree = expand("{\"last_active_days\": 30, \"feature_usage_decline\": 0.5}");
        assertEquals(MAPPER.readTree("""
                {"all": [{"field": "last_active_days", "op": "gte", "value": 30},
                         {"field": "event_trend_30d", "op": "lte", "value": 0.5}]}"""), tree);
        ParsedCriteria parsed = CriteriaParser.parse(tree, "criteria");
        assertTrue(parsed.timeRelative(), "both fields move with time: the sweep re-evaluates the segment");
    }

    @Test
    void oneKeyIsOneConditionInTheOrderGivenAndTheDeclineIsSubtractedExactly() throws Exception {
        assertEquals(MAPPER.readTree("{\"field\": \"last_active_days\", \"op\": \"gte\", \"value\": 7}"),
                expand("{\"last_active_days\": 7}"));
        JsonNode tree = expand(
                "{\"feature_usage_decline\": 0.123456789012345678901234567891, \"last_active_days\": 1}");
        assertEquals("event_trend_30d", tree.at("/all/0/field").asText());
        assertEquals("0.876543210987654321098765432109", tree.at("/all/0/value").decimalValue().toPlainString());
        assertEquals("0", expand("{\"feature_usage_decline\": 1}").get("value").decimalValue().toPlainString(),
                "a decline of 1: no event in the last 30 days, some in the 30 before");
    }

    @Test
    void ruleTreesAndWhatTheParserJudgesPassUnchanged() throws Exception {
        for (String json : List.of("{\"field\":\"age\",\"op\":\"gt\",\"value\":1}", "{\"all\":[]}", "{}", "[]", "3",
                "{\"field\":\"age\",\"last_active_days\":30}")) {
            JsonNode given = MAPPER.readTree(json);
            assertSame(given, CriteriaShorthand.expand(given, "criteria"), json);
        }
    }

    @Test
    void unknownKeysAndBadValuesAreNamedByTheirPath() {
        List<String> found = errors("{\"last_active_days\": 0, \"churn\": 1, \"feature_usage_decline\": 1.5}");
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("criteria.last_active_days: must be a whole number of days from 1 "
                + "to 36500"), found.get(0));
        assertTrue(found.get(1).startsWith("criteria.churn: is neither a rule key"), found.get(1));
        assertTrue(found.get(2).startsWith("criteria.feature_usage_decline: must be a number above 0 and at most 1"),
                found.get(2));
        for (String bad : List.of("30.5", "\"30\"", "-1", "36501", "1e400", "99999999999999999999", "null", "true")) {
            assertEquals(1, errors("{\"last_active_days\": " + bad + "}").size(), bad);
        }
        for (String bad : List.of("0", "-0.1", "1.0000001", "\"0.5\"", "1e-31", "null", "[0.5]")) {
            assertTrue(errors("{\"feature_usage_decline\": " + bad + "}").get(0).startsWith(
                    "criteria.feature_usage_decline: "), bad);
        }
    }
}
