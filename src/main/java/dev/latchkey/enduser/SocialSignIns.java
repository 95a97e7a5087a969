package dev.latchkey.enduser;

import java.net.URI;
import java.util.List;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.enduser.social.AuthProviders;
import dev.latchkey.enduser.social.OAuthTrips;
import dev.latchkey.enduser.social.ProviderClient;
import dev.latchkey.enduser.social.ProvenIdentity;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Social sign-in with PKCE end to end (CONTRACT section 14): authorize sends the browser to the
 * provider with Latchkey's own state, nonce and PKCE; the callback proves who signed in and
 * returns to the page with a {@code latchkey_code} bound to the page's challenge; the exchange
 * turns code and verifier into a sign-in.
 */
@ApplicationScoped
public class SocialSignIns {

    private static final Logger LOG = Logger.getLogger(SocialSignIns.class);

    @Inject
    AuthProviders providers;

    @Inject
    ProviderClient client;

    @Inject
    OAuthTrips trips;

    @Inject
    Identities identities;

    @Inject
    EndUserRepository users;

    @Inject
    SignIns signIns;

    @Inject
    jakarta.persistence.EntityManager entityManager;

    /** A sign-in by exchange, and whether its callback created the user (201). */
    record Exchanged(SignInAnswer answer, boolean created) {
    }

    /** The provider's authorize URL, for a 302. */
    URI authorize(VerifiedKey key, String provider, String redirectTo, String codeChallenge, String serviceUrl) {
        SignIns.requireMethod(key, method(provider));
        AuthProviders.Configured configured = configured(key.applicationId(), key.environment(), provider);
        String callback = callbackOf(serviceUrl);
        if (!ReturnAddresses.allowed(key, redirectTo, serviceUrl)) {
            throw ApiException.invalidRequest("redirect_to: is required, and must be one of the application's redirect_urls, or a"
                    + " path below one that ends in /");
        }
        OAuthTrips.requireChallenge(codeChallenge);
        String nonce = SecureRandoms.token("");
        String providerVerifier = SecureRandoms.token("");
        String state = trips.start(new OAuthTrips.Trip(key.applicationId(), key.environment(), provider, redirectTo, codeChallenge,
                nonce, providerVerifier));
        try {
            return URI.create(client.authorizeUrl(configured, callback, state, nonce, providerVerifier));
        } catch (ProviderClient.Refused e) {
            throw ApiException.unavailable(5, "The provider cannot be reached: " + e.getMessage());
        }
    }

    /**
     * Back from the provider: the page's URL with {@code latchkey_code}, or with {@code error}
     * when the provider refused or proved nothing acceptable. A state that is unknown, spent or
     * expired has no page to return to: 400.
     */
    URI callback(String state, String code, String providerError, String callback) {
        OAuthTrips.Trip trip = trips.spend(state);
        if (trip == null) {
            throw ApiException.invalidRequest("state: unknown, used or expired; start the sign-in again");
        }
        if (providerError != null || code == null || code.isBlank()) {
            return withParameter(trip.redirectTo(), "error", providerError != null && providerError.matches("^[a-z_]{1,40}$")
                    ? providerError : "access_denied");
        }
        try {
            AuthProviders.Configured configured = configured(trip.applicationId(), trip.environment(), trip.provider());
            ProvenIdentity proven = client.identify(configured, trip, code, callback);
            Identities.Linked linked = identities.link(new EndUserService.Partition(trip.applicationId(), trip.environment(),
                    tenantOf(trip.applicationId())), proven);
            if (linked.user().disabled) {
                return withParameter(trip.redirectTo(), "error", "user_disabled");
            }
            return withParameter(trip.redirectTo(), "latchkey_code", trips.issueCode(trip, linked.user().id, linked.created()));
        } catch (ProviderClient.Refused e) {
            LOG.infof("A %s sign-in was refused (%s)", trip.provider(), e.getMessage());
            return withParameter(trip.redirectTo(), "error", e.code());
        } catch (ApiException e) {
            return withParameter(trip.redirectTo(), "error", e.body().error());
        }
    }

    Exchanged exchange(VerifiedKey key, String code, String codeVerifier, SignIns.Client client) {
        OAuthTrips.Redeemed redeemed = trips.redeem(code, codeVerifier, key.applicationId(), key.environment());
        EndUser user = users.findById(redeemed.userId());
        if (user == null) {
            throw new ApiException(401, "invalid_token", "The user of this code no longer exists", null);
        }
        SignIns.requireEnabled(user);
        if (redeemed.methods() != null) {
            // a hosted page's sign-in: its methods were each offered and proven there, a second factor included where due
            return new Exchanged(signIns.open(user, redeemed.methods(), client), false);
        }
        SignIns.requireMethod(key, method(redeemed.provider()));
        return new Exchanged(signIns.complete(key, user, List.of(redeemed.provider()), client), redeemed.created());
    }

    private String tenantOf(java.util.UUID applicationId) {
        return (String) entityManager.createNativeQuery("select tenant_id from application where id = ?1")
                .setParameter(1, applicationId).getSingleResult();
    }

    /** The auth_methods entry a provider needs: google, github, or oidc for every oidc-<name>. */
    static String method(String provider) {
        return provider != null && provider.startsWith("oidc-") ? "oidc" : provider;
    }

    private AuthProviders.Configured configured(java.util.UUID applicationId, Environment environment, String provider) {
        return providers.find(applicationId, environment, provider)
                .orElseThrow(() -> ApiException.notFound("Provider " + provider + " in this environment"));
    }

    /** Where the providers return to, on this service. */
    static String callbackOf(String serviceUrl) {
        return serviceUrl + "/api/userAuth/oauth/callback";
    }

    static URI withParameter(String redirectTo, String name, String value) {
        String separator = redirectTo.contains("?") ? "&" : "?";
        return URI.create(redirectTo + separator + name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    }
}
