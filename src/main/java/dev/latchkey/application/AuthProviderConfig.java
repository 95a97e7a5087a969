package dev.latchkey.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Identity providers the service calls on an application's say-so (CONTRACT section 14). */
@ConfigMapping(prefix = "latchkey.auth")
public interface AuthProviderConfig {

    /** Providers' and external issuers' URLs may be http and on private addresses (tests, dev only). */
    @WithDefault("false")
    boolean allowInsecureProviders();
}
