package dev.latchkey.mail;

import java.util.UUID;

import dev.latchkey.key.Environment;

/** A mail asked for: to whom, for which application and environment, for what, and where its link leads. */
public record QueuedMail(UUID id, UUID applicationId, Environment environment, String email, MailPurpose purpose,
        String redirectTo, boolean createUser) {
}
