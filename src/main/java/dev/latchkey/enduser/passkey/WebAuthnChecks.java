package dev.latchkey.enduser.passkey;

import java.util.List;
import java.util.Set;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The WebAuthn checks, by webauthn4j: a registration's attestation (format "none" and self
 * attestation are accepted, as passkey providers send them) and a sign-in's assertion, each
 * against the origin and relying party its ceremony was opened for, with user verification required.
 */
@ApplicationScoped
public class WebAuthnChecks {

    /** ES256, EdDSA and RS256: what platform authenticators and security keys create. */
    static final List<Long> ALGORITHMS = List.of(COSEAlgorithmIdentifier.ES256.getValue(), COSEAlgorithmIdentifier.EdDSA.getValue(),
            COSEAlgorithmIdentifier.RS256.getValue());

    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(converter);

    /** What a ceremony was opened for: the page's origin, its relying party (the origin's host) and the challenge. */
    public record Ceremony(String origin, String rpId, byte[] challenge) {
    }

    /** A registration's credential as the browser sent it (PublicKeyCredential's JSON); 400 when it is not one. */
    public RegistrationData parseRegistration(String credentialJson) {
        try {
            RegistrationData data = manager.parseRegistrationResponseJSON(credentialJson);
            if (data.getCollectedClientData() == null || data.getAttestationObject() == null) {
                throw malformed();
            }
            return data;
        } catch (DataConversionException | IllegalArgumentException e) {
            throw malformed();
        }
    }

    /** A sign-in's credential as the browser sent it; 400 when it is not one. */
    public AuthenticationData parseAuthentication(String credentialJson) {
        try {
            AuthenticationData data = manager.parseAuthenticationResponseJSON(credentialJson);
            if (data.getCollectedClientData() == null || data.getCredentialId() == null || data.getAuthenticatorData() == null) {
                throw malformed();
            }
            return data;
        } catch (DataConversionException | IllegalArgumentException e) {
            throw malformed();
        }
    }

    /** Checks the attestation; the stored form of the credential's public key, or 400 with what is wrong. */
    public byte[] verifyRegistration(RegistrationData data, Ceremony ceremony) {
        List<PublicKeyCredentialParameters> accepted = ALGORITHMS.stream()
                .map(alg -> new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(alg)))
                .toList();
        try {
            manager.verify(data, new RegistrationParameters(serverProperty(ceremony), accepted, true, true));
        } catch (VerificationException e) {
            throw ApiException.invalidRequest("credential: the passkey was not accepted (" + e.getClass().getSimpleName() + ")");
        }
        return credentialData.convert(data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData());
    }

    /** Checks the assertion against the stored credential; false when it does not prove possession. */
    public boolean verifyAuthentication(AuthenticationData data, Ceremony ceremony, Passkeys.Stored stored) {
        AttestedCredentialData attested = credentialData.convert(stored.credentialData());
        var record = new CredentialRecordImpl(new NoneAttestationStatement(), true, stored.backupEligible(), stored.backupState(),
                stored.signCount(), attested, null, null, null, Set.of());
        try {
            manager.verify(data, new AuthenticationParameters(serverProperty(ceremony), record, List.of(stored.credentialId()), true, true));
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }

    private static ServerProperty serverProperty(Ceremony ceremony) {
        return new ServerProperty(new Origin(ceremony.origin()), ceremony.rpId(), new DefaultChallenge(ceremony.challenge()));
    }

    public static ApiException malformed() {
        return ApiException.invalidRequest("credential: is required, as the JSON of the browser's PublicKeyCredential (toJSON())");
    }
}
