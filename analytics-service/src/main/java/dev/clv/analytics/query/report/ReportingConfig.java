package dev.clv.analytics.query.report;

import java.math.BigDecimal;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Money in reports: the default reporting currency and rates into it, and the default cost model. */
@ConfigMapping(prefix = "analytics.reporting")
public interface ReportingConfig {
    /** ISO 4217 code reports use for a tenant without its own setting. */
    @WithDefault("USD")
    String defaultCurrency();

    /**
     * Units of the default currency per unit of each other currency, valid at any date; used only for tenants
     * reporting in the default currency, and only where the tenant has loaded no rate of its own.
     */
    Map<String, BigDecimal> rates();

    /**
     * The cost model of profitability answers where a product's cost is unknown: cost = net revenue × this ratio.
     */
    @WithDefault("0.6")
    BigDecimal costRatio();
}
