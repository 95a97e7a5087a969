package dev.latchkey.enduser.social;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.key.SecretSeal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The two steps of a social sign-in, each single use and kept only as a hash: the trip to the
 * provider (its {@code state}, 10 minutes, with the nonce and Latchkey's own PKCE verifier), and
 * the {@code latchkey_code} the page exchanges (5 minutes), bound to the page's S256 challenge.
 * Redeeming a code deletes it before the verifier is judged, so a wrong verifier spends it.
 */
@ApplicationScoped
public class OAuthTrips {

    static final int TRIP_SECONDS = 600;
    static final int CODE_SECONDS = 300;
    static final String CODE_PREFIX = "lkc_";
    /** The provider name of a hosted sign-in page's codes. */
    public static final String HOSTED = "hosted";
    private static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43}$");
    private static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");
    private static final String SEAL_PURPOSE = "latchkey oauth verifiers v1";

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;

    /** A trip under way: where it returns, the page's challenge, and what the provider's answer must match. */
    public record Trip(UUID applicationId, Environment environment, String provider, String redirectTo, String codeChallenge,
            String nonce, String providerVerifier) {
        @Override
        public String toString() {
            return "Trip[" + provider + ", secrets hidden]";
        }
    }

    /** What a redeemed code stands for; {@code methods} those of a hosted page's sign-in (null: the provider's sign-in). */
    public record Redeemed(UUID userId, String provider, boolean created, List<String> methods) {
    }

    public static void requireChallenge(String codeChallenge) {
        if (codeChallenge == null || !CHALLENGE.matcher(codeChallenge).matches()) {
            throw ApiException.invalidRequest("code_challenge: must be the S256 of the page's code verifier (43 base64url characters)");
        }
    }

    /** Starts a trip; answers its state (the rest is in the trip). */
    public String start(Trip trip) {
        String state = SecureRandoms.token("");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into oauth_trip (state_hash, application_id, environment, provider, redirect_to, code_challenge, nonce,
                                        provider_verifier, expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, now() + make_interval(secs => ?9))""")
                .setParameter(1, Digests.sha256(state)).setParameter(2, trip.applicationId()).setParameter(3, trip.environment().name())
                .setParameter(4, trip.provider()).setParameter(5, trip.redirectTo()).setParameter(6, trip.codeChallenge())
                .setParameter(7, trip.nonce()).setParameter(8, seal.seal(SEAL_PURPOSE, trip.providerVerifier()))
                .setParameter(9, TRIP_SECONDS).executeUpdate());
        return state;
    }

    /** Ends the trip a callback's state names; null when it is unknown, spent or expired. */
    public Trip spend(String state) {
        if (state == null || state.length() != 43) {
            return null;
        }
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                delete from oauth_trip where state_hash = ?1
                returning application_id, environment, provider, redirect_to, code_challenge, nonce, provider_verifier,
                          expires_at > now()""").setParameter(1, Digests.sha256(state)).getResultList());
        if (rows.isEmpty() || !Boolean.TRUE.equals(((Object[]) rows.getFirst())[7])) {
            return null;
        }
        Object[] row = (Object[]) rows.getFirst();
        return new Trip((UUID) row[0], Environment.valueOf((String) row[1]), (String) row[2], (String) row[3], (String) row[4],
                (String) row[5], seal.open(SEAL_PURPOSE, (String) row[6]));
    }

    public String issueCode(Trip trip, UUID userId, boolean created) {
        return issue(trip.applicationId(), trip.environment(), trip.provider(), trip.codeChallenge(), userId, created, null);
    }

    /** The code a hosted sign-in page hands back to the application's page: it carries the sign-in's methods. */
    public String issueHostedCode(UUID applicationId, Environment environment, String codeChallenge, UUID userId, List<String> methods) {
        return issue(applicationId, environment, HOSTED, codeChallenge, userId, false, String.join(" ", methods));
    }

    private String issue(UUID applicationId, Environment environment, String provider, String codeChallenge, UUID userId,
            boolean created, String methods) {
        String code = SecureRandoms.token(CODE_PREFIX);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into oauth_code (code_hash, application_id, environment, user_id, provider, code_challenge, created, methods,
                                        expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, now() + make_interval(secs => ?9))""")
                .setParameter(1, Digests.sha256(code)).setParameter(2, applicationId).setParameter(3, environment.name())
                .setParameter(4, userId).setParameter(5, provider).setParameter(6, codeChallenge)
                .setParameter(7, created).setParameter(8, methods).setParameter(9, CODE_SECONDS).executeUpdate());
        return code;
    }

    /** Spends the code for this application and environment; 401 {@code invalid_token} unless the verifier is the page's. */
    public Redeemed redeem(String code, String codeVerifier, UUID applicationId, Environment environment) {
        if (code == null || !code.startsWith(CODE_PREFIX) || code.length() > 100) {
            throw invalid();
        }
        if (codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches()) {
            throw ApiException.invalidRequest("code_verifier: is required (43 to 128 characters of A-Z a-z 0-9 - . _ ~)");
        }
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                delete from oauth_code where code_hash = ?1 and application_id = ?2 and environment = ?3
                returning user_id, provider, code_challenge, created, expires_at > now(), methods""")
                .setParameter(1, Digests.sha256(code)).setParameter(2, applicationId).setParameter(3, environment.name())
                .getResultList());
        if (rows.isEmpty()) {
            throw invalid();
        }
        Object[] row = (Object[]) rows.getFirst();
        if (!Boolean.TRUE.equals(row[4]) || !MessageDigest.isEqual(s256(codeVerifier).getBytes(StandardCharsets.US_ASCII),
                ((String) row[2]).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        return new Redeemed((UUID) row[0], (String) row[1], (Boolean) row[3], row[5] == null ? null : List.of(((String) row[5]).split(" ")));
    }

    /** PKCE's S256: base64url of the verifier's SHA-256, unpadded. */
    public static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(verifier));
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("delete from oauth_trip where expires_at < now()").executeUpdate();
            entityManager.createNativeQuery("delete from oauth_code where expires_at < now()").executeUpdate();
        });
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "The code is unknown, expired, spent, or not this page's (code_verifier)", null);
    }
}
