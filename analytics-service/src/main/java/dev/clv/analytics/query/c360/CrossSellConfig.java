package dev.clv.analytics.query.c360;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What cross-sell opportunities know of loyalty programmes: the tiers, lowest first ({@code analytics.cross-sell}). */
@ConfigMapping(prefix = "analytics.cross-sell")
public interface CrossSellConfig {
    /**
     * The loyalty tiers from the lowest up, matched to customers' loyalty_tier without regard to case; "none", an
     * empty tier and no tier are below the first. A tier not named here is never proposed or upgraded from.
     */
    @WithDefault("bronze,silver,gold,platinum,diamond")
    List<String> tiers();
}
