package dev.latchkey.enduser;

import java.util.List;

/**
 * The answer to a first factor when a second is due: no session, a challenge token for
 * {@code mfa/verify} (and, with {@code enroll}, for enrolling a TOTP factor first).
 */
public record MfaChallengeView(boolean success, Mfa mfa) implements SignInAnswer {

    static final List<String> METHODS = List.of("totp", "recovery_code");

    public record Mfa(String challengeToken, List<String> methods, boolean enroll) {
        @Override
        public String toString() {
            return "Mfa[challenge hidden, enroll " + enroll + "]";
        }
    }

    static MfaChallengeView of(String challengeToken, boolean enroll) {
        return new MfaChallengeView(true, new Mfa(challengeToken, METHODS, enroll));
    }
}
