package dev.clv.analytics.query.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/** A tenant's reporting currency and exchange rates: stored per tenant, with configured defaults. */
@ApplicationScoped
public class CurrencyRates {
    private final Pool pool;
    private final ReportingConfig config;

    public CurrencyRates(Pool pool, ReportingConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** One rate: units of the reporting currency per unit of {@code currency}, from {@code validFrom} on. */
    public record Rate(String currency, LocalDate validFrom, BigDecimal rate) {
    }

    /** The tenant's reporting currency and, per currency, its rates by the day they start to apply. */
    public record Table(String reportingCurrency, Map<String, NavigableMap<LocalDate, BigDecimal>> rates) {
        /** The rate of {@code currency} on {@code day}, 1 for the reporting currency or none sent; null if unknown. */
        public BigDecimal rate(String currency, LocalDate day) {
            if (currency == null || currency.isEmpty() || currency.equals(reportingCurrency)) {
                return BigDecimal.ONE;
            }
            NavigableMap<LocalDate, BigDecimal> byDay = rates.get(currency);
            Map.Entry<LocalDate, BigDecimal> e = byDay == null ? null : byDay.floorEntry(day);
            return e == null ? null : e.getValue();
        }
    }

    public Uni<Table> table(String tenant) {
        return pool.preparedQuery("""
                SELECT (SELECT reporting_currency FROM analytics.tenant_settings WHERE tenant_id = $1), r.currency,
                  r.valid_from, r.rate
                FROM (SELECT 1) one LEFT JOIN analytics.currency_rates r ON r.tenant_id = $1
                """).execute(Tuple.of(tenant)).map(rows -> {
            String reporting = null;
            Map<String, NavigableMap<LocalDate, BigDecimal>> rates = new HashMap<>();
            for (var r : rows) {
                reporting = r.getString(0);
                if (r.getString(1) != null) {
                    rates.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getLocalDate(2),
                            r.getBigDecimal(3));
                }
            }
            String currency = reporting == null ? config.defaultCurrency() : reporting;
            if (currency.equals(config.defaultCurrency())) {
                config.rates().forEach((code, rate) -> rates.computeIfAbsent(code, k -> new TreeMap<>())
                        .putIfAbsent(LocalDate.MIN, rate));
            }
            return new Table(currency, rates);
        });
    }

    /** Sets the reporting currency and adds or replaces the given rates, in one transaction. */
    public Uni<Void> save(String tenant, String reportingCurrency, List<Rate> rates) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO analytics.tenant_settings VALUES ($1, $2)
                ON CONFLICT (tenant_id) DO UPDATE SET reporting_currency = excluded.reporting_currency
                """).execute(Tuple.of(tenant, reportingCurrency)).chain(() -> rates.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery("""
                        INSERT INTO analytics.currency_rates
                        SELECT $1, * FROM unnest($2::text[], $3::date[], $4::numeric[])
                        ON CONFLICT (tenant_id, currency, valid_from) DO UPDATE SET rate = excluded.rate
                        """).execute(Tuple.of(tenant).addArrayOfString(rates.stream().map(Rate::currency)
                        .toArray(String[]::new)).addArrayOfLocalDate(rates.stream().map(Rate::validFrom)
                                .toArray(LocalDate[]::new))
                        .addValue(rates.stream().map(r -> Numeric.create(r.rate())).toArray(Numeric[]::new)))
                        .replaceWithVoid()));
    }
}
