package dev.latchkey.enduser;

import java.time.Instant;
import java.util.UUID;

/** An end user as answered: never the password hash. */
public record UserView(UUID id, String email, boolean emailVerified, Instant createdAt) {

    static UserView of(EndUser user) {
        return new UserView(user.id, user.email, user.emailVerified, user.createdAt);
    }
}
