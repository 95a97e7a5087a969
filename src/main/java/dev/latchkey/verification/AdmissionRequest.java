package dev.latchkey.verification;

import java.util.List;
import java.util.UUID;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import io.vertx.ext.web.RoutingContext;

/**
 * A well-formed key and the facts of the request it came with.
 *
 * @param origin the Origin a publishable key is checked against (null: none)
 * @param fromBrowser whether a browser sent it, which a secret key must never be
 * @param address the client address: whose lookup budget a cache miss spends, and (for a
 *            publishable key) whose share of the key's budget; null for verify, where the
 *            cluster's lookup budget and the key-wide budget apply
 * @param ip the address a secret key's allowlist is checked against: the client address, or
 *            what verify was told (null: none, which no allowlist admits)
 * @param scopes what the caller needs the key to hold (verify), null for nothing
 * @param owner the application and environment the key must belong to (verify), null for any
 * @param publishableOnly whether a secret key counts as no key at all (identify)
 * @param cost the credits a pass spends (verify's {@code cost}; 1 for every other request)
 * @param answer the request being answered, whose final status usage counts for a passed key;
 *            null when the pipeline's own outcome is the answer (verify)
 */
public record AdmissionRequest(ApiKeyFormat.ParsedKey key, String origin, boolean fromBrowser, String address, String ip,
        List<String> scopes, Owner owner, boolean publishableOnly, int cost, RoutingContext answer) {

    /** The application and environment a key must belong to. */
    public record Owner(UUID applicationId, Environment environment) {
    }

    /** A request authenticated by its key (the key plane's filter, or the authentication mechanism). */
    public static AdmissionRequest authenticating(ApiKeyFormat.ParsedKey key, String origin, boolean fromBrowser, String address,
            RoutingContext answer) {
        return new AdmissionRequest(key, origin, fromBrowser, address, address, null, null, false, 1, answer);
    }

    /** identify: a publishable key loading its application's configuration. */
    public static AdmissionRequest identifying(ApiKeyFormat.ParsedKey key, String origin, boolean fromBrowser, String address,
            RoutingContext answer) {
        return new AdmissionRequest(key, origin, fromBrowser, address, address, null, null, true, 1, answer);
    }

    /** verify: an application's backend asking about a key of its own application and environment. */
    public static AdmissionRequest judging(ApiKeyFormat.ParsedKey key, String origin, String ip, List<String> scopes,
            int cost, VerifiedKey caller) {
        return new AdmissionRequest(key, origin, origin != null, null, ip, scopes,
                new Owner(caller.applicationId(), caller.environment()), false, cost, null);
    }
}
