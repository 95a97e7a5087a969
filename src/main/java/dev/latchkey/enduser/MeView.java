package dev.latchkey.enduser;

/** The answer to {@code GET /api/userAuth/me}: the user, and the second factors it has (what an account page offers to add or remove). */
public record MeView(boolean success, UserView user, Factors factors) {

    /** A confirmed TOTP factor, and how many passkeys. */
    public record Factors(boolean totp, int passkeys) {
    }
}
