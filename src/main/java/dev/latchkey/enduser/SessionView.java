package dev.latchkey.enduser;

import java.util.UUID;

/**
 * The answer to every sign-in and refresh: a user token (at most an hour), the refresh token that
 * gets the next one, the session they belong to, and who signed in.
 */
public record SessionView(boolean success, String token, long expiresIn, String refreshToken, UUID sessionId,
        UserView user) implements SignInAnswer {

    @Override
    public String toString() {
        return "SessionView[session " + sessionId + ", tokens hidden]";
    }
}
