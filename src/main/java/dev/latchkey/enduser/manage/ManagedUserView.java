package dev.latchkey.enduser.manage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.latchkey.enduser.EndUser;

/**
 * An end user as an admin sees it (CONTRACT section 13, user management): never a password hash.
 * {@code methods} are the ways the user can sign in; {@code mfa} whether a second factor is
 * confirmed; {@code external_id} the identity provider's subject (none yet).
 */
public record ManagedUserView(UUID id, String email, boolean emailVerified, boolean disabled, Instant createdAt,
        Instant lastSignInAt, List<String> methods, boolean mfa, String externalId) {

    static ManagedUserView of(EndUser user, boolean mfa) {
        List<String> methods = user.passwordHash == null ? List.of() : List.of("email_password");
        return new ManagedUserView(user.id, user.email, user.emailVerified, user.disabled, user.createdAt,
                user.lastSignInAt, methods, mfa, null);
    }
}
