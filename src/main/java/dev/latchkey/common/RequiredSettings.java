package dev.latchkey.common;

import io.smallrye.config.ConfigMapping;

/**
 * Settings without which the service cannot run, mirrored from where Quarkus reads them
 * (application.properties) so that start-up names every missing one at once, by its
 * environment variable, instead of failing later on the first ({@link RequiredSettingsCheck}).
 */
@ConfigMapping(prefix = "latchkey.required")
public interface RequiredSettings {

    String datasourceUrl();

    String datasourceUsername();

    String redisHosts();

    String jwtIssuer();

    /** Admin tokens must name Latchkey as their audience: any token of the realm carrying groups is not enough. */
    String jwtAudiences();

    String jwtPublicKeyLocation();

    String userTokenSignKeyLocation();
}
