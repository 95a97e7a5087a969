package dev.latchkey.enduser.manage;

import jakarta.validation.constraints.NotNull;

/** The body of {@code PATCH …/users/{userId}}: whether the user is disabled. */
public record UserUpdate(@NotNull Boolean disabled) {
}
