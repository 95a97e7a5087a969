package dev.latchkey.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long usage counts and audit entries are kept (LATCHKEY_RETENTION_*). */
@ConfigMapping(prefix = "latchkey.retention")
public interface RetentionConfig {

    /** Days of per-key usage counts kept (a day's row leaves once it is older); 0 keeps them all. */
    @WithDefault("400")
    int usageDays();

    /**
     * Months of audit entries kept, by whole monthly partitions; 0 (the default) keeps them all.
     * Read by the schema migration as its owner (afterMigrate.sql), not by this instance's role.
     */
    @WithDefault("0")
    int auditMonths();
}
