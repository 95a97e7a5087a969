package dev.latchkey.enduser;

/** The answer to a spent verification link: the user, now with {@code email_verified: true}. */
public record VerifiedEmailView(boolean success, UserView user) {
}
