package dev.latchkey.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own tokens (end-user and access tokens) beyond the signing key itself. */
@ConfigMapping(prefix = "latchkey.token")
public interface TokenConfig {

    /**
     * Public keys (PEM, file or URL) of earlier signing keys, still published and accepted
     * after a rotation until their tokens have expired (LATCHKEY_TOKEN_PREVIOUS_PUBLIC_KEY_LOCATIONS).
     */
    Optional<List<String>> previousPublicKeyLocations();

    /** The {@code iss} of access tokens. */
    @WithDefault("latchkey")
    String accessTokenIssuer();

    /** How long an access token is valid; at most 15 minutes. */
    @WithDefault("15m")
    Duration accessTokenTtl();
}
