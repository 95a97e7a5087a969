package dev.latchkey.support;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * One real OpenID provider on loopback (mock-oauth2-server) for every test of the run that needs
 * one: issuers by path ({@code issuerUrl("acme")}), JWKS, discovery, authorize and token endpoints.
 */
public final class OpenIdProvider {

    private static MockOAuth2Server server;

    private OpenIdProvider() {
    }

    public static synchronized MockOAuth2Server shared() {
        if (server == null) {
            server = new MockOAuth2Server();
            server.start();
            MockOAuth2Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown));
        }
        return server;
    }

    /** Stops it, if it runs: its threads would keep a JVM that is done from exiting. */
    public static synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
