package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AnswerParams;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The customer filters most pipes share, always bound as parameters $1..$7 in this order: tenant, registered from,
 * registered before, country, segment, acquisition source, is_active. A null parameter does not filter.
 */
public record CustomerFilter(String tenant, LocalDate registeredFrom, LocalDate registeredTo, String country,
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

    public static CustomerFilter of(String tenant, AnswerParams params, boolean byActive) {
        LocalDate[] range = params.range();
        return new CustomerFilter(tenant, range[0], range[1], params.text("country"), params.text("segment"),
                params.text("acquisition_source"), byActive ? params.bool("is_active") : null);
    }

    public Tuple tuple() {
        return Tuple.tuple().addString(tenant).addOffsetDateTime(startOf(registeredFrom))
                .addOffsetDateTime(registeredTo == null ? null : startOf(registeredTo.plusDays(1)))
                .addString(country).addString(segment).addString(acquisitionSource).addBoolean(isActive);
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day == null ? null : day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
