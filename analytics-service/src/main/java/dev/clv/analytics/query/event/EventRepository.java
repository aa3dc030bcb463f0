package dev.clv.analytics.query.event;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.customer.Cursor;
import dev.clv.contracts.event.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A tenant's behavioural events, newest first (time, then id), one keyset page at a time. The statement holds only
 * the filters asked for, so the planner sees exactly which index serves it: the customer's (events_customer), the
 * type's (events_by_type), the tenant's timeline (events_by_time) or the tenant's property index
 * (events_by_properties, a GIN index over properties nested under the tenant id).
 */
@ApplicationScoped
public class EventRepository {
    private static final String SELECT = """
            SELECT e.event_id, e.customer_id, e.event_type, e.occurred_at, e.occurred_at::text AS at_key,
              e.properties::text AS properties, e.session_id
            FROM analytics.events e WHERE e.tenant_id = $1""";
    private static final String PROPERTY = "analytics.tenant_properties(e.tenant_id, e.properties) @> "
            + "jsonb_build_object($1::text, $%d::text::jsonb)";
    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of events, and the cursor of the next (null on the last). */
    public record Page(List<EventItem> events, String nextCursor) {
    }

    Uni<Page> page(String tenant, EventQuery q) {
        StringBuilder sql = new StringBuilder(SELECT);
        Tuple args = Tuple.of(tenant);
        if (q.customerId() != null) {
            sql.append(" AND e.customer_id = $").append(add(args, q.customerId()));
        }
        if (q.eventType() != null) {
            sql.append(" AND e.event_type = $").append(add(args, q.eventType()));
        }
        if (q.window().from() != null) {
            sql.append(" AND e.occurred_at >= $").append(add(args, q.window().from().atOffset(ZoneOffset.UTC)));
        }
        if (q.window().before() != null) {
            sql.append(" AND e.occurred_at < $").append(add(args, q.window().before().atOffset(ZoneOffset.UTC)));
        }
        if (q.after() != null) {
            int at = add(args, q.after().get(0));
            sql.append(" AND (e.occurred_at, e.event_id) < ($").append(at).append("::text::timestamptz, $")
                    .append(add(args, q.after().get(1))).append("::text)");
        }
        for (List<PropertyFilter> anyOf : q.properties().values()) {
            List<String> alternatives = new ArrayList<>();
            for (PropertyFilter f : anyOf) {
                for (String document : f.documents()) {
                    alternatives.add(PROPERTY.formatted(add(args, document)));
                }
            }
            sql.append(" AND (").append(String.join(" OR ", alternatives)).append(')');
        }
        sql.append(" ORDER BY e.occurred_at DESC, e.event_id DESC LIMIT $").append(add(args, q.limit() + 1));
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Row> all = new ArrayList<>(rows.size());
            rows.forEach(all::add);
            List<EventItem> events = all.stream().limit(q.limit()).map(EventRepository::item).toList();
            // one row more than the page was read: there is a next page, after the page's last row
            Row last = all.size() > q.limit() ? all.get(q.limit() - 1) : null;
            return new Page(events, last == null
                    ? null
                    : new Cursor(EventQuery.ORDERING, List.of(last.getString(
                            "at_key"), last.getString("event_id"))).encode());
        });
    }

    @SuppressWarnings("unchecked")
    private static EventItem item(Row r) {
        String properties = r.getString("properties");
        return new EventItem(r.getString("event_id"), r.getString("customer_id"), r.getString("event_type"),
                r.getOffsetDateTime("occurred_at").toInstant(), properties == null
                        ? Map.of()
                        : EventJson.read(properties.getBytes(StandardCharsets.UTF_8), Map.class),
                r.getString("session_id"));
    }

    private static int add(Tuple args, Object value) {
        args.addValue(value);
        return args.size();
    }
}
