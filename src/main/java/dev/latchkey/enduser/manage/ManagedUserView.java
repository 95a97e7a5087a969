package dev.latchkey.enduser.manage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.latchkey.enduser.EndUser;

/**
 * An end user as an admin sees it (CONTRACT section 13, user management): never a password hash.
 * {@code methods} are the ways the user can sign in; {@code mfa} whether a second factor is
 * confirmed; {@code external_id} the user id an external issuer gave it (its first, if several).
 */
public record ManagedUserView(UUID id, String email, boolean emailVerified, boolean disabled, Instant createdAt,
        Instant lastSignInAt, List<String> methods, boolean mfa, String externalId) {

    static ManagedUserView of(EndUser user, boolean mfa, String externalId) {
        List<String> methods = new java.util.ArrayList<>();
        if (user.passwordHash != null) {
            methods.add("email_password");
        }
        if (externalId != null) {
            methods.add("external");
        }
        return new ManagedUserView(user.id, user.email, user.emailVerified, user.disabled, user.createdAt,
                user.lastSignInAt, List.copyOf(methods), mfa, externalId);
    }
}
