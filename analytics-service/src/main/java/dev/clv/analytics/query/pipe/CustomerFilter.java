package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.TimeWindow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The customer filters most pipes share, always bound as parameters $1..$7 in this order: tenant, registered from
 * (inclusive), registered before (exclusive), country, segment, acquisition source, is_active. A null parameter does
 * not filter. Registration bounds are instants: the start of the first local day or second asked for, the end of
 * the last ({@link AnswerParams#window}), compared with the registration's own instant.
 */
public record CustomerFilter(String tenant, Instant registeredFrom, Instant registeredBefore, String country,
        String segment, String acquisitionSource, Boolean isActive) {

    /** The WHERE clause over customer_metrics aliased {@code m}. */
    public static final String WHERE = """
            m.tenant_id = $1
              AND ($2::timestamptz IS NULL OR m.registration_date >= $2)
              AND ($3::timestamptz IS NULL OR m.registration_date < $3)
              AND ($4::text IS NULL OR m.country = $4) AND ($5::text IS NULL OR m.segment = $5)
              AND ($6::text IS NULL OR m.acquisition_source = $6) AND ($7::boolean IS NULL OR m.is_active = $7)
            """;

    /** No filter: every customer of the tenant. */
    public static CustomerFilter everyone(String tenant) {
        return new CustomerFilter(tenant, null, null, null, null, null, null);
    }

    /** start_date and end_date on the registration, country, segment, acquisition_source, and is_active if asked. */
    public static CustomerFilter of(String tenant, AnswerParams params, boolean byActive) {
        TimeWindow registered = params.window("start_date", "end_date");
        return new CustomerFilter(tenant, registered.from(), registered.before(), params.text("country"),
                params.text("segment"), params.text("acquisition_source"), byActive ? params.bool("is_active") : null);
    }

    public Tuple tuple() {
        return Tuple.tuple().addString(tenant).addOffsetDateTime(utc(registeredFrom))
                .addOffsetDateTime(utc(registeredBefore)).addString(country).addString(segment)
                .addString(acquisitionSource).addBoolean(isActive);
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
