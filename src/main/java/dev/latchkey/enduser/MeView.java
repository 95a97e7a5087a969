package dev.latchkey.enduser;

/** The answer to {@code GET /api/userAuth/me}. */
public record MeView(boolean success, UserView user) {
}
