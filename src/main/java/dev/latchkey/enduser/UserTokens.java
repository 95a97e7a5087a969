package dev.latchkey.enduser;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Digests;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.BearerToken;
import dev.latchkey.token.PublishedKeys;
import dev.latchkey.token.SigningKey;
import dev.latchkey.token.TokenLifetime;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * End-user tokens: JWTs the service signs with its own key, naming the user ({@code sub}), the
 * application ({@code aud}) and the environment ({@code env}). A token is accepted only with a
 * key of the same application and environment, so a test login never opens live data.
 */
@ApplicationScoped
public class UserTokens {

    static final String ENVIRONMENT_CLAIM = "env";
    /** Names what a token is for: "user" here, "access" on access tokens, which share the signing key. */
    static final String USE_CLAIM = "token_use";
    static final String USER_USE = "user";
    /** The session a user token belongs to; tokens from before sessions existed have none and are refused. */
    static final String SESSION_CLAIM = "sid";
    /** How the user signed in (RFC 8176), such as ["pwd"]. */
    static final String METHODS_CLAIM = "amr";
    /** Beyond this, a token is refused whatever its own expiry says. */
    static final Duration MAX_TTL = Duration.ofHours(1);

    private final SigningKey signingKey;
    private final EndUserConfig config;
    /** Per published key id: how a token signed with that key is verified. */
    private final Map<String, JWTAuthContextInfo> verification = new ConcurrentHashMap<>();
    private final PublishedKeys published;
    /** Verified tokens' claims by the token's SHA-256: a token's signature is checked on its first request only. */
    private final Cache<String, Claims> verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(MAX_TTL).build();

    @Inject
    JWTParser parser;

    @Inject
    Sessions sessions;

    UserTokens(SigningKey signingKey, PublishedKeys published, EndUserConfig config) {
        this.signingKey = signingKey;
        this.published = published;
        this.config = config;
        TokenLifetime.checked(this.config.tokenTtl(), MAX_TTL, "latchkey.end-user.token-ttl");
    }

    /** Verification by the key the token names: its public key, its issuer, and its algorithm only. */
    private JWTAuthContextInfo verificationFor(PublishedKeys.Published key) {
        return verification.computeIfAbsent(key.keyId(), id -> {
            JWTAuthContextInfo info = new JWTAuthContextInfo(key.key(), config.tokenIssuer());
            // the algorithm is pinned: "none" and HS256 signed with the public key are refused
            info.setSignatureAlgorithm(Set.of(key.algorithm()));
            info.setMaxTimeToLiveSecs(MAX_TTL.toSeconds());
            info.setRequiredClaims(Set.of("sub", "aud", "exp", "iat", ENVIRONMENT_CLAIM, SESSION_CLAIM));
            return info;
        });
    }

    /** What a token's verified signature vouches for, and the key it was signed with. */
    private record Claims(String keyId, Set<String> audience, String environment, String use, SignedIn signedIn) {
    }

    /**
     * The token's claims, its signature and lifetime checked once: later requests with the same
     * token find them by its digest, while it is unexpired and its signing key still published
     * (else it is parsed and checked again, and refused as the parser decides).
     */
    private Claims verifiedClaims(String token) throws ParseException {
        String digest = HexFormat.of().formatHex(Digests.sha256(token));
        Claims known = verified.getIfPresent(digest);
        if (known != null && Instant.now().isBefore(known.signedIn().expiresAt()) && published.forKeyId(known.keyId()) != null) {
            return known;
        }
        String keyId;
        try {
            keyId = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw invalid("The user token is missing, expired or not valid");
        }
        PublishedKeys.Published publishedKey = published.forKeyId(keyId);
        if (publishedKey == null) {
            throw invalid("The user token is missing, expired or not valid");
        }
        JsonWebToken jwt = parser.parse(token, verificationFor(publishedKey));
        Claims claims = new Claims(publishedKey.keyId(), jwt.getAudience(), String.valueOf((Object) jwt.getClaim(ENVIRONMENT_CLAIM)),
                String.valueOf((Object) jwt.getClaim(USE_CLAIM)),
                new SignedIn(UUID.fromString(jwt.getSubject()), UUID.fromString(String.valueOf((Object) jwt.getClaim(SESSION_CLAIM))),
                        Instant.ofEpochSecond(jwt.getExpirationTime()), methodsOf(jwt).contains(SignIns.MULTI_FACTOR)));
        verified.put(digest, claims);
        return claims;
    }

    public record Issued(String token, long expiresInSeconds) {
    }

    /** A signed-in end user, the session, when the token that says so expires, and whether the sign-in passed MFA. */
    public record SignedIn(UUID userId, UUID sessionId, Instant expiresAt, boolean passedMfa) {
    }

    /**
     * The user, unless the application requires MFA and this session did not pass it (403
     * {@code mfa_required}); the data API and realtime ask this (CONTRACT section 14). Null passes.
     */
    public static SignedIn requireSecondFactorWhereDue(VerifiedKey key, SignedIn user) {
        if (user != null && key.application().mfaRequired() && !user.passedMfa()) {
            throw new ApiException(403, "mfa_required",
                    "This application requires multi-factor sign-in: sign in again and complete the second factor", null);
        }
        return user;
    }

    Issued issue(EndUser user, UUID sessionId, List<String> methods) {
        String token = Jwt.issuer(config.tokenIssuer())
                .subject(user.id.toString())
                .audience(user.applicationId.toString())
                .claim(ENVIRONMENT_CLAIM, user.environment.wire())
                .claim(USE_CLAIM, USER_USE)
                .claim(SESSION_CLAIM, sessionId.toString())
                .claim(METHODS_CLAIM, methods)
                .expiresIn(config.tokenTtl())
                .jws().keyId(signingKey.keyId()).algorithm(signingKey.algorithm())
                .sign(signingKey.privateKey());
        return new Issued(token, config.tokenTtl().toSeconds());
    }

    /**
     * The end user the request's token names, for this key's application and environment, while
     * the token's session is live and its user enabled; 401 otherwise.
     */
    public SignedIn requireUser(HttpServerRequest request, VerifiedKey key) {
        SignedIn signedIn = requireUserToken(request, key);
        requireLiveSession(signedIn);
        return signedIn;
    }

    /**
     * As {@link #requireUser}, but for its session: the token itself is judged (present, signed,
     * unexpired, a user token of this key's application and environment), nothing is read.
     * The session must be read before the user's data is answered: by {@link #requireLiveSession},
     * or with the data ({@code Sessions.liveSessionCondition}, as owner-read listings do).
     */
    public SignedIn requireUserToken(HttpServerRequest request, VerifiedKey key) {
        String token = presented(request);
        if (token == null) {
            throw invalid("A user token is required: send it as Authorization: Bearer <token> with the key in x-api-key");
        }
        try {
            Claims claims = verifiedClaims(token);
            // an access token (same signing key, same aud) names a key, not a user: never a user token
            if (!USER_USE.equals(claims.use())) {
                throw invalid("This is not a user token");
            }
            if (claims.audience() == null || !claims.audience().contains(key.applicationId().toString())
                    || !key.environment().wire().equals(claims.environment())) {
                throw invalid("The user token belongs to another application or environment");
            }
            return claims.signedIn();
        } catch (ParseException | IllegalArgumentException e) {
            throw invalid("The user token is missing, expired or not valid");
        }
    }

    /** 401 unless the token's session is live and its user enabled: read on every user-token request. */
    public void requireLiveSession(SignedIn signedIn) {
        if (!sessions.active(signedIn.sessionId(), signedIn.userId())) {
            throw invalid("The session of this user token has ended");
        }
    }

    private static List<String> methodsOf(JsonWebToken jwt) {
        Object claim = jwt.getClaim(METHODS_CLAIM);
        if (claim instanceof jakarta.json.JsonArray array) {
            return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        }
        return claim instanceof Collection<?> values ? values.stream().map(String::valueOf).toList() : List.of();
    }

    /** The signed-in user when the request presents a user token (401 when it is not valid); null when it presents none. */
    public SignedIn userIfPresented(HttpServerRequest request, VerifiedKey key) {
        return presented(request) == null ? null : requireUser(request, key);
    }

    /** The bearer token of a request whose API key came in x-api-key; null when there is none. */
    static String presented(HttpServerRequest request) {
        String token = BearerToken.of(request);
        // a bearer API key is the key itself, not a user token
        return token == null || BearerToken.isApiKey(token) ? null : token;
    }

    private static ApiException invalid(String message) {
        return new ApiException(401, "invalid_token", message, null);
    }
}
