package dev.latchkey.enduser.social;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.application.AuthProviderConfig;
import dev.latchkey.enduser.external.IssuerKeys;
import dev.latchkey.http.OutboundCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Talks to the providers for a social sign-in: where to send the browser, and, back from there,
 * who signed in. OpenID Connect providers are found by discovery (kept 10 minutes) and prove the
 * user with an ID token, checked with jose4j (its signature by the provider's JWKS, RS256 or
 * ES256, {@code iss}, {@code aud}, {@code exp}, {@code nonce}); GitHub, OAuth 2 only, by its API's
 * user and verified e-mails. Both exchange the code with Latchkey's own PKCE verifier.
 */
@ApplicationScoped
public class ProviderClient {

    private static final Duration DISCOVERY_FRESH = Duration.ofMinutes(10);
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    private static final Map<String, String> JSON = Map.of("accept", "application/json");

    @Inject
    OutboundCalls calls;

    @Inject
    IssuerKeys keys;

    @Inject
    AuthProviderConfig config;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "latchkey.github-url", defaultValue = "https://github.com")
    String githubUrl;

    @ConfigProperty(name = "latchkey.github-api-url", defaultValue = "https://api.github.com")
    String githubApiUrl;

    private record Discovery(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri, Instant at) {
    }

    private final ConcurrentHashMap<String, Discovery> discoveries = new ConcurrentHashMap<>();

    /** The provider refused, could not be reached, or proved nothing acceptable; the page gets {@code ?error=}. */
    public static final class Refused extends Exception {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public String authorizeUrl(AuthProviders.Configured provider, String callback, String state, String nonce, String providerVerifier)
            throws Refused {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", provider.clientId());
        query.put("redirect_uri", callback);
        query.put("scope", String.join(" ", provider.scopes()));
        query.put("state", state);
        query.put("code_challenge", OAuthTrips.s256(providerVerifier));
        query.put("code_challenge_method", "S256");
        String endpoint;
        if (provider.github()) {
            endpoint = trimmed(githubUrl) + "/login/oauth/authorize";
        } else {
            query.put("nonce", nonce);
            endpoint = discovery(provider.issuer()).authorizationEndpoint();
        }
        StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
        query.forEach((name, value) -> url.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        return url.substring(0, url.length() - 1);
    }

    /** Who the provider says signed in, from the code it returned. */
    public ProvenIdentity identify(AuthProviders.Configured provider, OAuthTrips.Trip trip, String code, String callback) throws Refused {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", callback);
        form.put("client_id", provider.clientId());
        form.put("client_secret", provider.clientSecret());
        form.put("code_verifier", trip.providerVerifier());
        if (provider.github()) {
            JsonNode token = call(() -> calls.postForm(trimmed(githubUrl) + "/login/oauth/access_token", form, JSON, insecure()));
            return github(provider, token.path("access_token").asText(""));
        }
        Discovery discovery = discovery(provider.issuer());
        JsonNode token = call(() -> calls.postForm(discovery.tokenEndpoint(), form, JSON, insecure()));
        return idToken(provider, discovery, trip.nonce(), token.path("id_token").asText(""));
    }

    private ProvenIdentity idToken(AuthProviders.Configured provider, Discovery discovery, String nonce, String idToken)
            throws Refused {
        try {
            JwtClaims claims = new JwtConsumerBuilder().setJwsAlgorithmConstraints(ALGORITHMS)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.keys(discovery.jwksUri(), false).getJsonWebKeys()))
                    .setExpectedIssuers(true, issuers(provider, discovery)).setExpectedAudience(provider.clientId())
                    .setRequireExpirationTime()
                    .setRequireSubject().setAllowedClockSkewInSeconds(30).build().processToClaims(idToken);
            if (!nonce.equals(claims.getClaimValue("nonce"))) {
                throw new Refused("invalid_token", "the ID token's nonce is not this sign-in's");
            }
            Object email = claims.getClaimValue("email");
            Object verified = claims.getClaimValue("email_verified");
            return new ProvenIdentity(provider.provider(), discovery.issuer(), claims.getSubject(),
                    email instanceof String text ? text : null, Boolean.TRUE.equals(verified) || "true".equals(verified));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            throw new Refused("invalid_token", "the provider's ID token is not valid for this application");
        } catch (IssuerKeys.Unavailable e) {
            throw new Refused("server_error", "the provider's keys could not be fetched");
        }
    }

    private ProvenIdentity github(AuthProviders.Configured provider, String accessToken) throws Refused {
        if (accessToken.isEmpty()) {
            throw new Refused("access_denied", "GitHub gave no access token");
        }
        Map<String, String> headers = Map.of("accept", "application/vnd.github+json", "authorization", "Bearer " + accessToken);
        JsonNode user = call(() -> calls.get(trimmed(githubApiUrl) + "/user", headers, insecure()));
        JsonNode emails = call(() -> calls.get(trimmed(githubApiUrl) + "/user/emails", headers, insecure()));
        String id = user.path("id").asText("");
        if (id.isEmpty()) {
            throw new Refused("server_error", "GitHub's user has no id");
        }
        // the primary address if GitHub verified it, else none: an unverified one is no proof
        String email = null;
        for (JsonNode entry : emails) {
            if (entry.path("primary").asBoolean() && entry.path("verified").asBoolean()) {
                email = entry.path("email").asText(null);
            }
        }
        return new ProvenIdentity(provider.provider(), trimmed(githubUrl), id, email, email != null);
    }

    /** As discovery says; Google's ID tokens may also name it without the scheme, as Google documents. */
    private static String[] issuers(AuthProviders.Configured provider, Discovery discovery) {
        return provider.provider().equals("google") && discovery.issuer().startsWith("https://")
                ? new String[] {discovery.issuer(), discovery.issuer().substring("https://".length())}
                : new String[] {discovery.issuer()};
    }

    private Discovery discovery(String issuer) throws Refused {
        Discovery known = discoveries.get(issuer);
        if (known != null && known.at().plus(DISCOVERY_FRESH).isAfter(Instant.now())) {
            return known;
        }
        JsonNode document = call(() -> calls.get(trimmed(issuer) + "/.well-known/openid-configuration", JSON, insecure()));
        Discovery found = new Discovery(document.path("issuer").asText(""), document.path("authorization_endpoint").asText(""),
                document.path("token_endpoint").asText(""), document.path("jwks_uri").asText(""), Instant.now());
        if (!trimmed(found.issuer()).equals(trimmed(issuer)) || found.authorizationEndpoint().isEmpty()
                || found.tokenEndpoint().isEmpty() || found.jwksUri().isEmpty()) {
            throw new Refused("server_error", "the provider's discovery document does not describe issuer " + issuer);
        }
        discoveries.put(issuer, found);
        return found;
    }

    private interface Call {
        OutboundCalls.Answer send() throws OutboundCalls.Failed;
    }

    private JsonNode call(Call call) throws Refused {
        try {
            OutboundCalls.Answer answer = call.send();
            if (!answer.ok()) {
                throw new Refused("server_error", "the provider answered HTTP " + answer.status());
            }
            JsonNode body = json.readTree(answer.body());
            if (body.hasNonNull("error")) {
                throw new Refused("access_denied", "the provider refused: " + body.path("error").asText());
            }
            return body;
        } catch (OutboundCalls.Failed e) {
            throw new Refused("server_error", e.getMessage());
        } catch (java.io.IOException e) {
            throw new Refused("server_error", "the provider's answer is not JSON");
        }
    }

    private boolean insecure() {
        return config.allowInsecureProviders();
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
