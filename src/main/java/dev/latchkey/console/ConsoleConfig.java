package dev.latchkey.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the console signs admins in (CONTRACT section 10): through the operator's OpenID Connect
 * provider when issuer and client id are set, else with a pasted admin token; the dev admin
 * token's one-click sign-in exists only in dev mode with embedded servers.
 */
@ConfigMapping(prefix = "latchkey.console")
public interface ConsoleConfig {

    Oidc oidc();

    /** Set by the embedded dev servers only, beside the dev-only token endpoint. */
    @WithDefault("false")
    boolean devSignIn();

    interface Oidc {

        /** LATCHKEY_CONSOLE_OIDC_ISSUER: the provider's issuer URL (discovery at /.well-known/openid-configuration). */
        Optional<String> issuer();

        /** LATCHKEY_CONSOLE_OIDC_CLIENT_ID: a public client with PKCE, redirect URI {origin}/console/. */
        Optional<String> clientId();

        @WithDefault("openid")
        String scopes();

        /** Which token the console sends as the admin token: the access token, or the ID token. */
        @WithDefault("access-token")
        TokenKind token();

        /** The button's wording: "Sign in with ...". */
        @WithDefault("your identity provider")
        String name();
    }

    enum TokenKind {
        ACCESS_TOKEN, ID_TOKEN
    }
}
