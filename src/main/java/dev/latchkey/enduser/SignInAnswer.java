package dev.latchkey.enduser;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a first-factor sign-in answers (CONTRACT section 14): a session, or, when a second factor
 * is due, an MFA challenge and no session.
 */
@Schema(anyOf = {SessionView.class, MfaChallengeView.class})
public sealed interface SignInAnswer permits SessionView, MfaChallengeView {

    /** The HTTP status: a challenge is always 200; a session 200, or the given one when it created something. */
    default int status(int sessionStatus) {
        return this instanceof SessionView ? sessionStatus : 200;
    }
}
