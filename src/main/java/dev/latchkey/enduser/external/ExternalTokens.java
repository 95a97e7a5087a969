package dev.latchkey.enduser.external;

import java.util.List;

import dev.latchkey.application.ExternalIssuer;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Checks a JWT of one of the application's external issuers (CONTRACT section 14): RS256 or ES256
 * only, signed by a key of the issuer's JWKS, with the configured {@code iss} and {@code aud}, an
 * {@code exp} in the future and any {@code nbf} in the past (30 seconds of leeway). jose4j, which
 * SmallRye JWT brings, does the checking. Anything else is 401 {@code invalid_token}.
 */
@ApplicationScoped
public class ExternalTokens {

    static final int MAX_LENGTH = 16 * 1024;
    private static final int LEEWAY_SECONDS = 30;
    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    /** Reads the claims before they are trusted, only to pick the configured issuer that must verify them. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
            .setSkipSignatureVerification().build();

    @Inject
    IssuerKeys keys;

    /** Who the issuer says the token's holder is: its user id, and its e-mail (null if none) and whether it is verified. */
    public record Identity(String issuer, String subject, String email, boolean emailVerified) {
    }

    public Identity verify(String token, List<ExternalIssuer> issuers) {
        if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
            throw invalid("token: a JWT of one of the application's external_issuers is required");
        }
        ExternalIssuer issuer = issuerOf(token, issuers);
        JwtClaims claims;
        try {
            claims = consumer(issuer, false).processToClaims(token);
        } catch (InvalidJwtException e) {
            if (!(e.getCause() instanceof UnresolvableKeyException)) {
                throw invalid("The token is not valid for its issuer: " + reason(e));
            }
            try {
                // a key id the copy lacks: the issuer may have rotated its keys
                claims = consumer(issuer, true).processToClaims(token);
            } catch (InvalidJwtException again) {
                throw invalid("The token is not valid for its issuer: " + reason(again));
            }
        }
        try {
            String subject = claims.getClaimValueAsString(issuer.userIdClaim());
            if (subject == null || subject.isBlank() || subject.length() > 255) {
                throw invalid("The token has no user id claim '" + issuer.userIdClaim() + "'");
            }
            Object email = claims.getClaimValue(issuer.emailClaim());
            Object verified = claims.getClaimValue("email_verified");
            // OpenID's flag speaks of the email claim only; Cognito writes it as a string
            boolean emailVerified = "email".equals(issuer.emailClaim()) && (Boolean.TRUE.equals(verified) || "true".equals(verified));
            return new Identity(issuer.issuer(), subject, email instanceof String text ? text : null, emailVerified);
        } catch (ClassCastException e) {
            throw invalid("The token's claims have unexpected types");
        }
    }

    private static ExternalIssuer issuerOf(String token, List<ExternalIssuer> issuers) {
        String iss;
        try {
            JwtContext context = UNVERIFIED.process(token);
            iss = context.getJwtClaims().getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw invalid("The token is not a JWT");
        }
        return issuers.stream().filter(configured -> configured.issuer().equals(iss)).findFirst()
                .orElseThrow(() -> invalid("The token's issuer is not one of the application's external_issuers"));
    }

    private JwtConsumer consumer(ExternalIssuer issuer, boolean refetch) {
        try {
            return new JwtConsumerBuilder()
                    .setJwsAlgorithmConstraints(ALGORITHMS)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.keys(issuer.jwksUrl(), refetch).getJsonWebKeys()))
                    .setExpectedIssuer(issuer.issuer())
                    .setExpectedAudience(issuer.audience())
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(LEEWAY_SECONDS)
                    .build();
        } catch (IssuerKeys.Unavailable e) {
            throw invalid("The token cannot be checked: " + e.getMessage());
        }
    }

    /** In our words: jose4j's own messages may quote the whole token. */
    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "it has expired";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "it is not valid yet (nbf)";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "it has no exp";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "its aud is not the issuer's configured audience";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "its iss is not the configured issuer";
        }
        return "its signature or algorithm is not accepted (RS256 or ES256, by a key of the issuer's JWKS)";
    }

    private static ApiException invalid(String message) {
        return new ApiException(401, "invalid_token", message, null);
    }
}
