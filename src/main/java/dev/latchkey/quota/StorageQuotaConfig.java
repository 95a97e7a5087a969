package dev.latchkey.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one application may store per environment (LATCHKEY_QUOTA_*): anyone with a publishable
 * key can sign up end users and write documents, so storage is bounded per application, not only
 * per request rate. docs/OPERATIONS.md lists the defaults.
 */
@ConfigMapping(prefix = "latchkey.quota")
public interface StorageQuotaConfig {

    @WithDefault("5000000")
    long documents();

    /** The documents' JSON text, as PostgreSQL writes it out. */
    @WithDefault("5368709120")
    long documentBytes();

    @WithDefault("1000000")
    long endUsers();

    @WithDefault("200")
    long collections();
}
