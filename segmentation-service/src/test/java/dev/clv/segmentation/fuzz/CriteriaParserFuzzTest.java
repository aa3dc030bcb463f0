package dev.clv.segmentation.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.JsonCustomizer;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.segmentation.criteria.CriteriaParser;
import dev.clv.segmentation.criteria.CriteriaShorthand;
import dev.clv.segmentation.criteria.ParsedCriteria;
import dev.clv.segmentation.criteria.SqlPredicate;

/**
 * Whatever JSON arrives as criteria (a rule tree or seed 003's flat shorthand), the parser answers a checked tree (which compiles to SQL whose every value is a
 * parameter) or a 400 problem whose errors each name a JSON path under criteria; nothing else escapes. Fuzzed for a
 * bounded time in its own surefire run (JAZZER_FUZZ=1); elsewhere it replays its seeds.
 */
class CriteriaParserFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static {
        new JsonCustomizer().customize(MAPPER);
    }

    @FuzzTest(maxDuration = "30s")
    void parsingYieldsACheckedTreeOrAProblemNamingPaths(FuzzedDataProvider data) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(data.consumeRemainingAsString());
        } catch (JsonProcessingException | NumberFormatException e) {
            return; // not readable JSON: the resource answers 400 before criteria are read (Bodies)
        }
        try {
            // as the service reads criteria: seed 003's flat shorthand expanded first, then the rule tree parsed
            ParsedCriteria parsed = CriteriaParser.parse(CriteriaShorthand.expand(tree, "criteria"), "criteria");
            SqlPredicate sql = SqlPredicate.of(parsed.root(), 6);
            assertFalse(sql.sql().contains(";"), sql.sql());
            long quotes = sql.sql().chars().filter(c -> c == '\'').count();
            assertEquals(0, quotes % 2, "quotes in SQL come only from the field table, in pairs: " + sql.sql());
        } catch (ProblemException e) {
            assertEquals(400, e.problem().status());
            assertFalse(e.problem().errors().isEmpty());
            e.problem().errors().forEach(err -> assertTrue(err.field().startsWith("criteria"), err.field()));
        }
    }
}
