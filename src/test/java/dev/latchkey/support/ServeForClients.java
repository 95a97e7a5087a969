package dev.latchkey.support;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One packaged instance on embedded PostgreSQL and Redis, for the JavaScript client's tests
 * ({@code ./mvnw exec:java@serve-for-clients}, after packaging): prints one JSON line with the
 * service's URL, a platform admin's token and an OpenID provider's base URL, then serves until its standard input closes.
 */
public final class ServeForClients {

    private ServeForClients() {
    }

    public static void main(String[] args) throws Exception {
        try (ServiceInstances service = new ServiceInstances(1, Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000",
                "LATCHKEY_RATE_LIMIT_TEST_LIMIT", "1000000", "LATCHKEY_RATE_LIMIT_SIGNUP_PER_ADDRESS_LIMIT", "100000",
                "LATCHKEY_RATE_LIMIT_LOGIN_PER_ADDRESS_LIMIT", "100000", "LATCHKEY_RATE_LIMIT_IDENTIFY_PER_ADDRESS_LIMIT", "100000",
                "LATCHKEY_RATE_LIMIT_FAILED_CHECKS_PER_ADDRESS_LIMIT", "100000",
                // the tests' identity providers serve their keys over http on loopback
                "LATCHKEY_AUTH_ALLOW_INSECURE_PROVIDERS", "true"))) {
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("url", service.urls().getFirst(),
                    "adminToken", AdminTokens.platformAdmin(), "issuer", AdminTokens.ISSUER,
                    "imapPort", Integer.getInteger(Inbox.IMAP_PORT_PROPERTY),
                    // an OpenID provider for the clients' social sign-in tests: issuers are this URL plus a name
                    "openIdProvider", OpenIdProvider.shared().baseUrl().toString())));
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the test closes our standard input (or dies)
            }
        } finally {
            OpenIdProvider.stop();
        }
    }
}
