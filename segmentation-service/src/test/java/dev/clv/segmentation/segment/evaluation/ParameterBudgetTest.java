package dev.clv.segmentation.segment.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.segmentation.criteria.CriteriaParser;
import dev.clv.segmentation.criteria.ParsedCriteria;
import dev.clv.segmentation.criteria.SqlPredicate;

class ParameterBudgetTest {
    // a tree of the most bound values the parser lets through: 255 window counts with between, 4 values each
    private static CompiledSegment largest() throws Exception {
        StringBuilder any = new StringBuilder("{\"any\":[");
        for (int i = 0; i < 255; i++) {
            any.append(i == 0 ? "" : ",").append("{\"event\":\"e").append(i).append("\",\"within_days\":30,")
                    .append("\"op\":\"between\",\"value\":[1,2]}");
        }
        ParsedCriteria parsed = CriteriaParser.parse(new ObjectMapper().readTree(any.append("]}").toString()), "c");
        return new CompiledSegment(UUID.randomUUID(), "big", parsed, SqlPredicate.of(parsed.root(),
                CompiledSegment.FIRST_PARAM));
    }

    @Test
    void twoHundredOfTheLargestSegmentsAreSplitIntoStatementsThatFitTheLimitInOrder() throws Exception {
        CompiledSegment big = largest();
        assertEquals(1020, big.predicate().params().size());
        List<CompiledSegment> segments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            segments.add(big);
        }
        List<List<CompiledSegment>> chunks = ParameterBudget.chunks(segments, ParameterBudget.MAX_PARAMS - 4);
        // 65,531 / 1,020 = 64 segments a statement: 64 + 64 + 64 + 8
        assertEquals(List.of(64, 64, 64, 8), chunks.stream().map(List::size).toList());
        for (List<CompiledSegment> chunk : chunks) {
            assertTrue(chunk.size() * 1020 + 4 <= 65_535);
        }
        assertEquals(segments, chunks.stream().flatMap(List::stream).toList(), "every segment once, in order");
    }
}
