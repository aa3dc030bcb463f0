package dev.clv.segmentation.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's consumer groups (contracts' BatchConsumer): {@code segmentation.consumers.*}. */
@ConfigMapping(prefix = "segmentation.consumers")
public interface ConsumersConfig {
    /** Members of each group in this process, each its own consumer and thread. */
    @WithDefault("1")
    int members();

    /** Records per poll: one batch is stored in one statement and evaluated per tenant. */
    @WithDefault("2000")
    int maxBatch();
}
