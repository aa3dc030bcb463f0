package dev.clv.segmentation.segment.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.segmentation.criteria.CriteriaParser;
import dev.clv.segmentation.criteria.ParsedCriteria;
import dev.clv.segmentation.criteria.SqlPredicate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A tenant's segments ready to evaluate, dependencies first. Compiled criteria are cached by segment and version,
 * so a batch of changes costs one small query here, not a parse per segment.
 */
@ApplicationScoped
public class SegmentCatalog {
    private record Version(UUID id, OffsetDateTime updatedAt) {
    }

    private final Map<Version, CompiledSegment> compiled = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    public SegmentCatalog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The tenant's segments in an order where every segment comes after those it reads. */
    public Uni<List<CompiledSegment>> ordered(SqlClient db, String tenant) {
        return db.preparedQuery("SELECT id, name, criteria::text AS criteria, updated_at FROM segmentation.segments "
                + "WHERE tenant_id = $1").execute(Tuple.of(tenant)).map(rows -> {
                    Map<UUID, CompiledSegment> byId = new LinkedHashMap<>();
                    for (Row r : rows) {
                        CompiledSegment c = compiled.computeIfAbsent(new Version(r.getUUID("id"), r.getOffsetDateTime(
                                "updated_at")), v -> compile(v.id(), r.getString("name"), r.getString("criteria")));
                        byId.put(c.id(), c);
                    }
                    if (compiled.size() > 10_000) {
                        compiled.clear(); // old versions pile up otherwise; recompiling is cheap
                    }
                    return DependencyOrder.sort(byId);
                });
    }

    public CompiledSegment compile(UUID id, String name, String criteria) {
        try {
            ParsedCriteria parsed = CriteriaParser.parse(mapper.readTree(criteria), "criteria");
            return new CompiledSegment(id, name, parsed, SqlPredicate.of(parsed.root(),
                    CompiledSegment.FIRST_PARAM));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Topological order by in_segment references; stored segments never form a cycle (saving refuses one). */
    static final class DependencyOrder {
        private DependencyOrder() {
        }

        static List<CompiledSegment> sort(Map<UUID, CompiledSegment> byId) {
            List<CompiledSegment> out = new ArrayList<>(byId.size());
            Map<UUID, Boolean> visited = new HashMap<>();
            for (UUID id : byId.keySet()) {
                visit(id, byId, visited, out);
            }
            return out;
        }

        private static void visit(UUID id, Map<UUID, CompiledSegment> byId, Map<UUID, Boolean> visited,
                List<CompiledSegment> out) {
            CompiledSegment s = byId.get(id);
            if (s == null || visited.putIfAbsent(id, Boolean.TRUE) != null) {
                return;
            }
            for (UUID dep : s.criteria().dependencies()) {
                visit(dep, byId, visited, out);
            }
            out.add(s);
        }
    }
}
