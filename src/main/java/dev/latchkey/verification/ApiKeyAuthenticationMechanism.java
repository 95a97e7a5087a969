package dev.latchkey.verification;

import java.util.Set;

import dev.latchkey.http.BearerToken;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ServiceUrl;
import dev.latchkey.key.ApiKeyFormat;
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
 * API keys from {@code x-api-key} or {@code Authorization: Bearer pk_…/sk_…} (CONTRACT section 3),
 * for the endpoints an admin token may call too (the key plane's own endpoints admit their key in
 * {@link ApiKeyOnlyFilter}, outside Quarkus security).
 * With no key in the request it steps aside, so admin JWTs still authenticate. It refuses
 * a malformed key (shape, checksum: no I/O) and hands a well-formed one with the request's facts
 * to the admission pipeline ({@link KeyAdmission}, through {@link ApiKeyIdentityProvider}), which
 * also notes what the answer's CORS headers allow.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "x-api-key";
    /** Ahead of the JWT mechanism, which would otherwise try a bearer API key as a JWT. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    @Inject
    ClientAddress clientAddress;

    @Inject
    ServiceUrl serviceUrl;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        HttpServerRequest request = context.request();
        String value = presentedKey(request);
        if (value == null) {
            return Uni.createFrom().nullItem();
        }
        ApiKeyFormat.ParsedKey key = ApiKeyFormat.parse(value);
        if (key == null) {
            // the contract's error itself, which has no stack trace: an AuthenticationFailedException
            // fills one in, and that cost more than the whole check (docs/BENCHMARKS.md)
            return Uni.createFrom().failure(Admission.invalid().failure());
        }
        return identityProviderManager.authenticate(new ApiKeyAuthenticationRequest(
                admissionRequest(context, key, clientAddress, serviceUrl)));
    }

    /** What the admission pipeline is asked for a request authenticated by a well-formed key. */
    public static AdmissionRequest admissionRequest(RoutingContext context, ApiKeyFormat.ParsedKey key, ClientAddress clientAddress,
            ServiceUrl serviceUrl) {
        HttpServerRequest request = context.request();
        return AdmissionRequest.authenticating(key, serviceUrl.foreignOrigin(request), fromBrowser(request), clientAddress.of(request),
                context);
    }

    /** The API key a request carries, or null when it carries none. */
    public static String presentedKey(HttpServerRequest request) {
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null) {
            return header.trim();
        }
        String bearer = BearerToken.of(request);
        return bearer != null && BearerToken.isApiKey(bearer) ? bearer : null;
    }

    /**
     * A browser's request (CONTRACT section 4): browsers add Origin to cross-origin and most
     * non-GET calls, and Sec-Fetch-Site to every request over a secure origin or localhost. Sec-Fetch-Mode
     * alone is no browser: Node.js' own fetch adds it to every request, and server-side code with
     * a secret key must work.
     */
    static boolean fromBrowser(HttpServerRequest request) {
        return request.getHeader("Origin") != null || request.getHeader("Sec-Fetch-Site") != null;
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
