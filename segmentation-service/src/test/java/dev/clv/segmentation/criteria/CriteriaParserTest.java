package dev.clv.segmentation.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.JsonCustomizer;
import dev.clv.contracts.problem.ProblemException;

class CriteriaParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static {
        new JsonCustomizer().customize(MAPPER); // decimals as the API reads them
    }

    private static ParsedCriteria parse(String json) throws Exception {
        return CriteriaParser.parse(MAPPER.readTree(json), "criteria");
    }

    private static List<String> errors(String json) throws Exception {
        ProblemException e = assertThrows(ProblemException.class, () -> parse(json));
        assertEquals(400, e.problem().status());
        return e.problem().errors().stream().map(f -> f.field() + ": " + f.reason()).toList();
    }

    @Test
    void aBadNodeIsNamedByItsJsonPath() throws Exception {
        List<String> found = errors("""
                {"all": [{"field": "total_spent", "op": "gte", "value": 500},
                         {"any": [{"field": "country", "op": "gt", "value": "DE"},
                                  {"not": {"event": "purchase", "within_days": 0, "op": "gte", "value": 3}}]},
                         {"field": "nope", "op": "eq", "value": 1},
                         {"field": "frequency", "op": "between", "value": [5, 1]},
                         {"in_segment": "not-a-uuid"},
                         {"field": "total_spent", "op": "gte", "value": 1, "extra": true}]}""");
        assertEquals(6, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("criteria.all[1].any[0].value: gt, gte, lt and lte compare numbers"));
        assertTrue(found.get(1).startsWith("criteria.all[1].any[1].not.within_days: "));
        assertTrue(found.get(2).startsWith("criteria.all[2].field: must be one of customer_id"));
        assertTrue(found.get(3).startsWith("criteria.all[3].value: the low end"));
        assertTrue(found.get(4).startsWith("criteria.all[4].in_segment: "));
        assertTrue(found.get(5).startsWith("criteria.all[5].extra: is not allowed"));
    }

    @Test
    void whatTheTreeReadsIsReported() throws Exception {
        UUID other = UUID.randomUUID();
        ParsedCriteria p = parse("{\"all\":[{\"in_segment\":\"" + other + "\"},{\"field\":\"rfm_segment\","
                + "\"op\":\"eq\",\"value\":\"Champions\"}]}");
        assertEquals("criteria.all[0].in_segment", p.referenced().get(other));
        assertTrue(p.timeRelative() && p.usesRfm());
        ParsedCriteria plain = parse("{\"field\":\"country\",\"op\":\"in\",\"value\":[\"DE\",\"FR\"]}");
        assertFalse(plain.timeRelative() || plain.usesRfm() || !plain.dependencies().isEmpty());
        assertTrue(parse("{\"event\":\"purchase\",\"within_days\":30,\"op\":\"gte\",\"value\":3}").timeRelative());
        assertTrue(parse("{\"field\":\"last_active_days\",\"op\":\"gte\",\"value\":30}").timeRelative());
        assertTrue(parse("{\"field\":\"event_trend_30d\",\"op\":\"lte\",\"value\":0.5}").timeRelative());
    }

    @Test
    void valuesMustSuitTheFieldAndOperator() throws Exception {
        assertEquals(List.of("criteria.value: must be a number"), errors(
                "{\"field\":\"total_spent\",\"op\":\"eq\",\"value\":\"500\"}"));
        assertEquals(List.of("criteria.value: must be true or false"), errors(
                "{\"field\":\"is_active\",\"op\":\"eq\",\"value\":1}"));
        assertTrue(errors("{\"field\":\"country\",\"op\":\"in\",\"value\":[]}").get(0).startsWith("criteria.value"));
        assertTrue(errors("{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":1e400}").get(0).contains("30 digits"));
        assertTrue(errors("{\"field\":\"attributes.a b\",\"op\":\"eq\",\"value\":1}").get(0).startsWith(
                "criteria.field"));
        assertTrue(errors("{\"field\":\"total_spent\",\"op\":\"like\",\"value\":1}").get(0).startsWith(
                "criteria.op: must be one of eq, neq"));
        assertTrue(errors("[]").get(0).startsWith("criteria: must be an object"));
        assertTrue(errors("{\"all\":[]}").get(0).startsWith("criteria.all: must be a non-empty list"));
    }

    @Test
    void depthAndSizeAreBounded() throws Exception {
        String deep = "{\"not\":".repeat(40) + "{\"field\":\"age\",\"op\":\"gt\",\"value\":1}" + "}".repeat(40);
        assertTrue(errors(deep).get(0).contains("nested more than"));
        String wide = "{\"any\":[" + String.join(",", java.util.Collections.nCopies(300,
                "{\"field\":\"age\",\"op\":\"gt\",\"value\":1}")) + "]}";
        List<String> found = errors(wide);
        assertTrue(found.get(0).contains("more than 256 nodes"), found.get(0));
    }

    @Test
    void everyCompiledValueIsABoundParameter() throws Exception {
        SqlPredicate p = SqlPredicate
                .of(parse("{\"field\":\"country\",\"op\":\"eq\",\"value\":\"x'; DROP TABLE t; --\"}")
                        .root(), 6);
        assertFalse(p.sql().contains("DROP"), p.sql());
        assertEquals(List.of("x'; DROP TABLE t; --"), p.params());
        assertTrue(p.sql().contains("$6::text"));
    }
}
