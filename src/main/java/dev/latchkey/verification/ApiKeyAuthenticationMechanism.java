package dev.latchkey.verification;

import java.util.Set;

import dev.latchkey.cors.KeyPlaneCors;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.BearerToken;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyType;
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
 * With no key in the request it steps aside, so admin and user JWTs still authenticate. It refuses
 * a malformed key (shape, checksum: no I/O) and hands a well-formed one with the request's facts
 * to the admission pipeline ({@link KeyAdmission}, through {@link ApiKeyIdentityProvider}); an
 * admitted publishable key's origin is then noted for the answer's CORS headers.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "x-api-key";
    /** Ahead of the JWT mechanism, which would otherwise try a bearer API key as a JWT. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;

    @Inject
    ClientAddress clientAddress;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        HttpServerRequest request = context.request();
        String value = presentedKey(request);
        if (value == null) {
            return Uni.createFrom().nullItem();
        }
        ApiKeyFormat.ParsedKey key = ApiKeyFormat.parse(value);
        if (key == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException(Admission.invalid().failure()));
        }
        String origin = request.getHeader("Origin");
        AdmissionRequest admission = AdmissionRequest.authenticating(key, origin, fromBrowser(request), clientAddress.of(request), context);
        return identityProviderManager.authenticate(new ApiKeyAuthenticationRequest(admission))
                .invoke(identity -> noteForTheAnswer(context, identity.getAttribute(ApiKeyIdentityProvider.ADMISSION_ATTRIBUTE), origin))
                .onFailure(ApiKeyAuthenticationMechanism::secretKeyInBrowser).invoke(() -> KeyPlaneCors.allow(context, origin));
    }

    /** An admitted publishable key's origin gets CORS headers on the answer. */
    static void noteForTheAnswer(RoutingContext context, Admission admitted, String origin) {
        if (admitted.key().type() == KeyType.PUBLISHABLE) {
            KeyPlaneCors.allow(context, origin);
        }
    }

    /** The page's developer must be able to read why its secret key was refused, so that answer carries CORS headers. */
    private static boolean secretKeyInBrowser(Throwable failure) {
        return failure instanceof AuthenticationFailedException && failure.getCause() instanceof ApiException refusal
                && AdmissionStatus.SECRET_KEY_IN_BROWSER.error().equals(refusal.body().error());
    }

    /** The API key a request carries, or null when it carries none. */
    static String presentedKey(HttpServerRequest request) {
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null) {
            return header.trim();
        }
        String bearer = BearerToken.of(request);
        return bearer != null && BearerToken.isApiKey(bearer) ? bearer : null;
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
