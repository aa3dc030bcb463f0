package dev.clv.ingestion.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.JsonCustomizer;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.tenant.TenantSettings;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.config.IngestionConfig;
import dev.clv.ingestion.ingest.row.ParsedRow;
import dev.clv.ingestion.ingest.row.RowParser;
import dev.clv.ingestion.ingest.row.RowRules;
import dev.clv.ingestion.ingest.row.RowValidator;
import dev.clv.ingestion.ingest.row.Storable;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Whatever bytes arrive, parsing and validation yield only accepted rows (with an event that serializes) or row
 * errors naming a field and a reason; the only whole-body failure is a 400 problem. Fuzzed for a bounded time in
 * its own surefire run (JAZZER_FUZZ=1); elsewhere it replays its seeds.
 */
class RowParserFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RowParser PARSER;
    private static final RowValidator VALIDATOR;
    static {
        new JsonCustomizer().customize(MAPPER);
        IngestionConfig config = new SmallRyeConfigBuilder().withMapping(IngestionConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(java.time.Duration.class, 100, new DurationConverter()).build()
                .getConfigMapping(IngestionConfig.class);
        PARSER = new RowParser(MAPPER, config);
        VALIDATOR = new RowValidator(MAPPER);
    }

    @FuzzTest(maxDuration = "30s")
    void parsingYieldsOnlyAcceptedRowsOrRowErrors(FuzzedDataProvider data) {
        DataSource source = data.pickValue(DataSource.values());
        RowRules rules = data.pickValue(new RowRules[]{RowRules.STRICT, RowRules.PATCH, RowRules.TRACKING});
        byte[] body = data.consumeRemainingAsBytes();
        Instant now = Instant.parse("2024-06-01T00:00:00Z");
        TenantSettings settings = new TenantSettings(java.time.ZoneId.of("Europe/Berlin"), "EUR");
        List<ParsedRow> rows;
        try {
            rows = PARSER.parse(body, (row, raw, node) -> VALIDATOR.validate(source, "t", settings, rules, now,
                    now.plusSeconds(86_400), row, raw, node), 100_000);
        } catch (ProblemException e) {
            assertEquals(400, e.problem().status(), "a whole-body failure must be a 400 problem");
            return;
        }
        int expected = 1;
        for (ParsedRow row : rows) {
            assertEquals(expected++, row.row(), "rows are numbered 1, 2, 3, …");
            assertNotNull(row.raw());
            if (row.isAccepted()) {
                assertNotNull(row.key(), "an accepted row has a partition key");
                assertTrue(source.rowIdField() == null || row.rowId() != null, "an append-only row has an id");
                byte[] event = EventJson.write(row.event());
                // what we accept, the read model can store: nothing in it PostgreSQL would refuse
                try {
                    Storable.Problem problem = Storable.check(MAPPER.readTree(event));
                    assertTrue(problem == null, "an accepted row holds what cannot be stored: " + problem);
                } catch (java.io.IOException e) {
                    throw new AssertionError("an accepted row's event is not JSON", e);
                }
            } else {
                assertNotNull(row.field(), "a rejected row names a field");
                assertNotNull(row.reason(), "a rejected row gives a reason");
            }
        }
    }
}
