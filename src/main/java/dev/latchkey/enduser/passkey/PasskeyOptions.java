package dev.latchkey.enduser.passkey;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The options a page hands to {@code navigator.credentials.create} or {@code .get}, in WebAuthn's
 * JSON form (camelCase, binary as base64url), which {@code PublicKeyCredential.parseCreationOptionsFromJSON}
 * and {@code parseRequestOptionsFromJSON} read as they are.
 */
public final class PasskeyOptions {

    /** How long the browser waits for the user, in milliseconds: the challenge's lifetime. */
    static final long TIMEOUT_MILLIS = PasskeyChallenges.LIFETIME_SECONDS * 1000L;

    private PasskeyOptions() {
    }

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Creation(RelyingParty rp, UserEntity user, String challenge, List<Algorithm> pubKeyCredParams, long timeout,
            List<Descriptor> excludeCredentials, Selection authenticatorSelection, String attestation) {
    }

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Request(String challenge, String rpId, long timeout, String userVerification, List<Descriptor> allowCredentials) {
    }

    public record RelyingParty(String id, String name) {
    }

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record UserEntity(String id, String name, String displayName) {
    }

    public record Algorithm(String type, long alg) {
    }

    public record Descriptor(String type, String id) {
    }

    /** A discoverable credential (the user picks it without typing a name) that verifies its user. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
    }

    public static Creation creation(String rpId, String rpName, byte[] userHandle, String userName, byte[] challenge,
            List<byte[]> registered) {
        return new Creation(new RelyingParty(rpId, rpName), new UserEntity(base64Url(userHandle), userName, userName), base64Url(challenge),
                WebAuthnChecks.ALGORITHMS.stream().map(alg -> new Algorithm("public-key", alg)).toList(), TIMEOUT_MILLIS,
                registered.stream().map(id -> new Descriptor("public-key", base64Url(id))).toList(),
                new Selection("required", true, "required"), "none");
    }

    /** Any of the application's passkeys may answer: the browser offers those it holds for this relying party. */
    public static Request request(String rpId, byte[] challenge) {
        return new Request(base64Url(challenge), rpId, TIMEOUT_MILLIS, "required", List.of());
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
