package dev.latchkey.verification;

import java.util.Set;

import dev.latchkey.common.ApiException;
import dev.latchkey.common.ClientAddress;
import dev.latchkey.cors.KeyPlaneCors;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyType;
import dev.latchkey.ratelimit.RequestLimits;
import dev.latchkey.usage.UsageRecorder;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * API keys from {@code x-api-key} or {@code Authorization: Bearer pk_…/sk_…} (CONTRACT section 3).
 * With no key in the request it steps aside, so admin and user JWTs still authenticate. Checks
 * that need no I/O (shape, checksum, a secret key sent by a browser) happen here, on the event
 * loop; the lookup runs in {@link ApiKeyIdentityProvider} on a worker thread.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "x-api-key";
    private static final String BEARER = "Bearer ";
    /** Ahead of the JWT mechanism, which would otherwise try a bearer API key as a JWT. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    @Inject
    UsageRecorder usage;

    @Inject
    RequestLimits limits;

    @Inject
    ClientAddress clientAddress;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        HttpServerRequest request = context.request();
        String value = presentedKey(request);
        if (value == null) {
            return Uni.createFrom().nullItem();
        }
        try {
            ApiKeyFormat.ParsedKey key = KeyCheck.parse(value);
            if (key.type() == KeyType.SECRET && fromBrowser(request)) {
                throw new ApiException(401, "secret_key_in_browser",
                        "Secret keys must stay on servers; use the publishable key in browsers", null);
            }
            String origin = request.getHeader("Origin");
            String address = clientAddress.of(request);
            return identityProviderManager.authenticate(new ApiKeyAuthenticationRequest(key, origin, address))
                    .call(identity -> admitted(context, identity, origin, address));
        } catch (ApiException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }

    /**
     * After a passed check: the answer is counted for usage, a publishable key's origin (allowed by
     * its application) is marked for CORS, and the key spends from its rate limit.
     */
    private Uni<Void> admitted(RoutingContext context, SecurityIdentity identity, String origin, String address) {
        VerifiedKey key = identity.getAttribute(ApiKeyIdentityProvider.KEY_ATTRIBUTE);
        usage.trackResponse(context, key);
        if (key.type() == KeyType.PUBLISHABLE) {
            KeyPlaneCors.allow(context, origin);
        }
        return limits.admitKey(context, key, address).onFailure(ApiException.class).transform(AuthenticationFailedException::new);
    }

    /** The API key a request carries, or null when it carries none. */
    static String presentedKey(HttpServerRequest request) {
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            if (token.startsWith("pk_") || token.startsWith("sk_")) {
                return token;
            }
        }
        return null;
    }

    /** Browsers add Origin to cross-origin calls and Sec-Fetch-Mode to every fetch. */
    static boolean fromBrowser(HttpServerRequest request) {
        return request.getHeader("Origin") != null || request.getHeader("Sec-Fetch-Mode") != null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
