package dev.latchkey.mail;

import java.util.Optional;

/**
 * Makes the link a queued mail carries, inside the sender's transaction: the token to mail, or
 * empty when nobody is to be mailed (no such account, or one that may not have this link). The end
 * users' side implements it, so this package knows nothing of accounts.
 */
public interface MailLinks {

    Optional<String> issue(QueuedMail mail);
}
