package dev.latchkey.enduser;

/** The answer to signup and login: a user token and who it stands for. */
public record SessionView(boolean success, String token, long expiresIn, UserView user) {

    static SessionView of(UserTokens.Issued token, EndUser user) {
        return new SessionView(true, token.token(), token.expiresInSeconds(), UserView.of(user));
    }
}
