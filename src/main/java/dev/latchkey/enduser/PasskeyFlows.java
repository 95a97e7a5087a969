package dev.latchkey.enduser;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.passkey.PasskeyChallenges;
import dev.latchkey.enduser.passkey.PasskeyOptions;
import dev.latchkey.enduser.passkey.Passkeys;
import dev.latchkey.enduser.passkey.WebAuthnChecks;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Passkeys (CONTRACT section 14): a signed-in user registers one from a page of an allowed
 * origin, whose host is the relying party; anyone then signs in with it, and the session counts
 * as multi-factor (possession of the authenticator, and the user verification it performed).
 */
@ApplicationScoped
public class PasskeyFlows {

    static final String METHOD = "passkey";
    static final int MAX_NAME_LENGTH = 100;

    @Inject
    Passkeys passkeys;

    @Inject
    PasskeyChallenges challenges;

    @Inject
    WebAuthnChecks checks;

    @Inject
    EndUserRepository users;

    @Inject
    SignIns signIns;

    PasskeyOptions.Creation registrationOptions(VerifiedKey key, UserTokens.SignedIn signedIn, String origin) {
        SignIns.requireMethod(key, METHOD);
        UserTokens.requireSecondFactorWhereDue(key, signedIn);
        String page = requireOrigin(origin);
        EndUser user = enabledUser(signedIn.userId());
        byte[] challenge = challenges.open(key.applicationId(), key.environment(), user.id, page);
        return PasskeyOptions.creation(PasskeyChallenges.relyingParty(page), key.application().name(), userHandle(user.id),
                user.email != null ? user.email : user.id.toString(), challenge, passkeys.credentialIds(user.id));
    }

    Passkeys.PasskeyView register(VerifiedKey key, UserTokens.SignedIn signedIn, String credential, String name) {
        SignIns.requireMethod(key, METHOD);
        String label = name == null || name.isBlank() ? "Passkey" : name.strip();
        if (label.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidRequest("name: at most " + MAX_NAME_LENGTH + " characters");
        }
        RegistrationData data = checks.parseRegistration(credential);
        PasskeyChallenges.Spent spent = challenges.spend(data.getCollectedClientData().getChallenge().getValue(), key.applicationId(),
                key.environment(), true);
        if (!spent.userId().equals(signedIn.userId())) {
            throw new ApiException(401, "invalid_token", "These registration options were given to another user", null);
        }
        byte[] stored = checks.verifyRegistration(data, spent.ceremony());
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        var registered = new Passkeys.Registered(authenticator.getAttestedCredentialData().getCredentialId(), spent.ceremony().rpId(),
                stored, authenticator.getSignCount(), authenticator.isFlagBE(), authenticator.isFlagBS());
        return passkeys.add(enabledUser(signedIn.userId()).id, key.applicationId(), key.environment(), registered, label);
    }

    PasskeyOptions.Request signInOptions(VerifiedKey key, String origin) {
        SignIns.requireMethod(key, METHOD);
        String page = requireOrigin(origin);
        return PasskeyOptions.request(PasskeyChallenges.relyingParty(page),
                challenges.open(key.applicationId(), key.environment(), null, page));
    }

    /** The session of a verified assertion; 401 {@code invalid_credentials} for any passkey that does not prove its user. */
    SessionView signIn(VerifiedKey key, String credential, SignIns.Client client) {
        SignIns.requireMethod(key, METHOD);
        AuthenticationData data = checks.parseAuthentication(credential);
        PasskeyChallenges.Spent spent = challenges.spend(data.getCollectedClientData().getChallenge().getValue(), key.applicationId(),
                key.environment(), false);
        Passkeys.Stored passkey = passkeys.find(key.applicationId(), key.environment(), data.getCredentialId());
        boolean proven = passkey != null && passkey.rpId().equals(spent.ceremony().rpId())
                && (data.getUserHandle() == null || Arrays.equals(data.getUserHandle(), userHandle(passkey.userId())))
                && checks.verifyAuthentication(data, spent.ceremony(), passkey);
        if (!proven || !passkeys.recordUse(passkey, data.getAuthenticatorData().getSignCount(), data.getAuthenticatorData().isFlagBS())) {
            throw new ApiException(401, "invalid_credentials", "This passkey is not registered here, or did not prove its user", null);
        }
        return signIns.open(enabledUser(passkey.userId()), List.of(METHOD, SignIns.MULTI_FACTOR), client);
    }

    List<Passkeys.PasskeyView> list(UserTokens.SignedIn signedIn) {
        return passkeys.list(signedIn.userId());
    }

    void remove(VerifiedKey key, UserTokens.SignedIn signedIn, UUID id) {
        UserTokens.requireSecondFactorWhereDue(key, signedIn);
        if (!passkeys.remove(signedIn.userId(), id)) {
            throw ApiException.notFound("Passkey");
        }
    }

    /** A ceremony binds to the page's origin, which the key check has found in allowed_origins. */
    private static String requireOrigin(String origin) {
        if (origin == null || !origin.startsWith("http")) {
            throw ApiException.invalidRequest("Passkeys are created and used from a web page: the request needs its Origin, one of"
                    + " the application's allowed_origins");
        }
        return origin;
    }

    /** WebAuthn's user handle: the user's id, which identifies no one outside Latchkey. */
    private static byte[] userHandle(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
    }

    private EndUser enabledUser(UUID userId) {
        EndUser user = users.findById(userId);
        if (user == null) {
            throw new ApiException(401, "invalid_token", "The user no longer exists", null);
        }
        SignIns.requireEnabled(user);
        return user;
    }
}
