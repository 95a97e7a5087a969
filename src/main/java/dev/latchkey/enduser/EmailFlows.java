package dev.latchkey.enduser;

import java.util.List;
import java.util.UUID;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.mail.MailPurpose;
import dev.latchkey.mail.MailQueue;
import dev.latchkey.ratelimit.RequestLimits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * E-mail verification, password reset and magic links (CONTRACT section 13). Asking for a mail
 * only queues it ({@link MailQueue}): the answer and its timing are the same whether or not an
 * account exists. Spending a link happens in one transaction with what it does.
 */
@ApplicationScoped
public class EmailFlows {

    /** RFC 8176 has no value for a mailed link; this is the one Latchkey's tokens carry. */
    static final String MAGIC_LINK_METHOD = "email_link";

    @Inject
    MailQueue queue;

    @Inject
    LinkTokens links;

    @Inject
    EndUserRepository users;

    @Inject
    Passwords passwords;

    @Inject
    Sessions sessions;

    @Inject
    SignIns signIns;

    @Inject
    RequestLimits limits;

    @Inject
    EndUserService accounts;

    /** A sign-in by magic link, and whether it created the user (201). */
    record MagicSignIn(SignInAnswer answer, boolean created) {
    }

    void sendVerification(VerifiedKey key, UUID userId, String address) {
        EndUser user = users.findById(userId);
        if (user.email == null) {
            throw ApiException.invalidRequest("This user has no e-mail address (it signed in with an external token)");
        }
        throttle(key, user.email, address);
        queue.enqueue(key.applicationId(), key.environment(), user.email, MailPurpose.VERIFY, null, false);
    }

    /** Within a signup's transaction: the verification mail, unless the application turned verification off. */
    void verificationOnSignup(VerifiedKey key, EndUser user) {
        if (!"off".equals(key.application().emailVerification())) {
            queue.enqueue(key.applicationId(), key.environment(), user.email, MailPurpose.VERIFY, null, false);
        }
    }

    UserView verify(VerifiedKey key, String token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LinkTokens.Spent spent = links.spend(key, token, MailPurpose.VERIFY);
            EndUser user = spent.userId() == null ? null : users.findById(spent.userId());
            if (user == null || !spent.email().equals(user.email)) {
                throw LinkTokens.invalid();
            }
            user.emailVerified = true;
            return UserView.of(user);
        });
    }

    void forgotPassword(VerifiedKey key, String rawEmail, String redirectTo, String serviceUrl, String address) {
        SignIns.requireMethod(key, "email_password");
        String email = EndUserService.email(rawEmail);
        requireRedirect(key, redirectTo, serviceUrl);
        throttle(key, email, address);
        queue.enqueue(key.applicationId(), key.environment(), email, MailPurpose.RESET, redirectTo, false);
    }

    /** Sets the new password and ends every other session: whoever had the old one is out. */
    SignInAnswer resetPassword(VerifiedKey key, String token, String password, SignIns.Client client) {
        SignIns.requireMethod(key, "email_password");
        passwords.validate(password);
        String hash = passwords.hash(password);
        EndUser user = QuarkusTransaction.requiringNew().call(() -> {
            LinkTokens.Spent spent = links.spend(key, token, MailPurpose.RESET);
            EndUser found = spent.userId() == null ? null : users.findById(spent.userId());
            if (found == null || !spent.email().equals(found.email)) {
                throw LinkTokens.invalid();
            }
            SignIns.requireEnabled(found);
            found.passwordHash = hash;
            // the link proved the address
            found.emailVerified = true;
            sessions.endAll(found.id, null);
            return found;
        });
        return signIns.complete(key, user, List.of(SignIns.PASSWORD), client);
    }

    void magicLink(VerifiedKey key, String rawEmail, String redirectTo, Boolean createUser, String serviceUrl, String address) {
        SignIns.requireMethod(key, "magic_link");
        String email = EndUserService.email(rawEmail);
        requireRedirect(key, redirectTo, serviceUrl);
        throttle(key, email, address);
        queue.enqueue(key.applicationId(), key.environment(), email, MailPurpose.MAGIC_LINK, redirectTo,
                createUser == null || createUser);
    }

    MagicSignIn verifyMagicLink(VerifiedKey key, String token, SignIns.Client client) {
        SignIns.requireMethod(key, "magic_link");
        boolean[] created = {false};
        EndUser user = QuarkusTransaction.requiringNew().call(() -> {
            LinkTokens.Spent spent = links.spend(key, token, MailPurpose.MAGIC_LINK);
            EndUser found = users.findByEmail(key.applicationId(), key.environment(), spent.email()).orElse(null);
            if (found == null) {
                found = accounts.newUser(EndUserService.Partition.of(key), spent.email());
                created[0] = true;
            }
            SignIns.requireEnabled(found);
            found.emailVerified = true;
            return found;
        });
        return new MagicSignIn(signIns.complete(key, user, List.of(MAGIC_LINK_METHOD), client), created[0]);
    }

    private static void requireRedirect(VerifiedKey key, String redirectTo, String serviceUrl) {
        if (redirectTo != null && !ReturnAddresses.allowed(key, redirectTo, serviceUrl)) {
            throw ApiException.invalidRequest("redirect_to: must be one of the application's redirect_urls, or a path below"
                    + " one that ends in /");
        }
    }

    /** Per client address, and per e-mail in this application and environment, whoever asks. */
    private void throttle(VerifiedKey key, String email, String address) {
        limits.admitAddress("mail", address, limits.settings().mailPerAddress());
        limits.admitNamed("mail:" + key.applicationId() + ":" + key.environment().wire() + ":" + email,
                limits.settings().mailPerEmail());
    }
}
