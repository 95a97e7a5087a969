package dev.latchkey.enduser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.mfa.MfaChallenges;
import dev.latchkey.enduser.mfa.RecoveryCodes;
import dev.latchkey.enduser.mfa.TotpFactors;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The second factor (CONTRACT section 14): enrolling and confirming a TOTP factor, completing a
 * challenged sign-in with a code, removing the factor. Every code judged takes one of the user's
 * codes for the window ({@link TotpFactors#takeCode}) as well as one of its challenge's five attempts.
 */
@ApplicationScoped
public class MfaFlows {

    @Inject
    TotpFactors factors;

    @Inject
    RecoveryCodes recoveryCodes;

    @Inject
    MfaChallenges challenges;

    @Inject
    EndUserRepository users;

    @Inject
    SignIns signIns;

    /** Who enrols: the signed-in user, or the user of an enrol-only challenge (then also the challenge). */
    record Enroller(UUID userId, MfaChallenges.Challenge challenge) {
    }

    /** The challenge of an enrolment by challenge token, without taking an attempt. */
    Enroller enrollerOf(VerifiedKey key, String challengeToken) {
        return enrollOnly(challenges.require(challengeToken, key.applicationId(), key.environment()));
    }

    TotpFactors.Enrolment enroll(VerifiedKey key, Enroller enroller) {
        EndUser user = enabledUser(enroller.userId());
        return factors.enroll(user.id, key.application().name(), user.email != null ? user.email : user.id.toString());
    }

    /** The recovery codes of the confirmed factor; 401 {@code invalid_credentials} for a wrong code. */
    List<String> confirm(VerifiedKey key, UUID signedInUser, String challengeToken, String code) {
        requireCode(code);
        MfaChallenges.Challenge challenge = challengeToken == null ? null
                : enrollOnly(challenges.attempt(challengeToken, key.applicationId(), key.environment())).challenge();
        UUID userId = challenge == null ? signedInUser : challenge.userId();
        enabledUser(userId);
        spendBudget(userId);
        List<String> codes = factors.confirm(userId, code);
        if (codes == null) {
            throw wrongCode();
        }
        if (challenge != null) {
            // the confirmation's code was right: the challenge keeps its attempts for the sign-in it leads to
            challenges.refund(challenge);
        }
        return codes;
    }

    /** Completes a challenged sign-in: the session, with "mfa" in its methods. */
    SessionView verify(VerifiedKey key, String challengeToken, String code, SignIns.Client client) {
        requireCode(code);
        MfaChallenges.Challenge challenge = challenges.attempt(challengeToken, key.applicationId(), key.environment());
        EndUser user = enabledUser(challenge.userId());
        spendBudget(user.id);
        if (!factors.confirmed(user.id)) {
            throw ApiException.invalidRequest("Enroll and confirm a TOTP factor first (mfa/totp/enroll and mfa/totp/confirm with"
                    + " this challenge_token)");
        }
        List<String> methods = new ArrayList<>(challenge.methods());
        if (TotpFactors.isTotpCode(code)) {
            if (!factors.accept(user.id, code)) {
                throw wrongCode();
            }
            methods.add(SignIns.ONE_TIME_PASSWORD);
        } else if (!recoveryCodes.spend(user.id, code)) {
            throw wrongCode();
        }
        methods.add(SignIns.MULTI_FACTOR);
        if (!challenges.spend(challenge)) {
            throw MfaChallenges.invalid(); // a racing request completed it first
        }
        return signIns.open(user, methods, client);
    }

    /** Removes the user's factor; only a session that passed MFA may (else anyone holding a password could). */
    void remove(UserTokens.SignedIn signedIn) {
        if (!signedIn.passedMfa()) {
            throw new ApiException(403, "mfa_required", "Sign in with your second factor to remove it", null);
        }
        if (!factors.remove(signedIn.userId())) {
            throw ApiException.notFound("TOTP factor");
        }
    }

    private Enroller enrollOnly(MfaChallenges.Challenge challenge) {
        if (!challenge.enroll()) {
            throw ApiException.invalidRequest("This challenge completes a sign-in with an enrolled factor: use mfa/verify");
        }
        return new Enroller(challenge.userId(), challenge);
    }

    private EndUser enabledUser(UUID userId) {
        EndUser user = users.findById(userId);
        if (user == null) {
            throw MfaChallenges.invalid();
        }
        SignIns.requireEnabled(user);
        return user;
    }

    private void spendBudget(UUID userId) {
        factors.takeCode(userId);
    }

    private static void requireCode(String code) {
        if (code == null || code.isBlank()) {
            throw ApiException.invalidRequest("code: is required (a TOTP code or a recovery code)");
        }
    }

    private static ApiException wrongCode() {
        return new ApiException(401, "invalid_credentials", "The code is wrong, expired or already used", null);
    }
}
