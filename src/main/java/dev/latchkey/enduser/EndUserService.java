package dev.latchkey.enduser;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Timestamps;
import dev.latchkey.enduser.mfa.TotpFactors;
import dev.latchkey.enduser.passkey.Passkeys;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.quota.StorageQuotas;
import dev.latchkey.quota.StorageQuotas.Quota;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Signup, login and the signed-in user, within the application and environment of the key the
 * request carries. Password hashing runs outside any transaction: no connection waits on bcrypt.
 */
@ApplicationScoped
public class EndUserService {

    static final int MAX_EMAIL_LENGTH = 254;
    /** Deliberately loose: one @, no spaces, a dot in the domain. Delivery is the real test. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    EndUserRepository users;

    @Inject
    Passwords passwords;

    @Inject
    LoginThrottle throttle;

    @Inject
    StorageQuotas quotas;

    @Inject
    SignIns signIns;

    @Inject
    UserEvents events;

    @Inject
    EmailFlows flows;

    @Inject
    TotpFactors totpFactors;

    @Inject
    Passkeys passkeys;

    public SignInAnswer signup(VerifiedKey key, Credentials credentials, SignIns.Client client) {
        SignIns.requireMethod(key, "email_password");
        String email = email(credentials);
        passwords.validate(credentials.password());
        if (users.findByEmail(key.applicationId(), key.environment(), email).isPresent()) {
            throw alreadyRegistered();
        }
        EndUser user = new EndUser();
        user.id = UUID.randomUUID();
        user.applicationId = key.applicationId();
        user.environment = key.environment();
        user.email = email;
        user.passwordHash = passwords.hash(credentials.password());
        user.createdAt = Timestamps.now();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                users.persistAndFlush(user);
                quotas.check(user.applicationId, user.environment, Quota.END_USERS);
                events.created(key.tenantId(), user);
                flows.verificationOnSignup(key, user);
            });
        } catch (PersistenceException e) {
            // two signups of one address at once: the unique index decides
            if (isUniqueViolation(e)) {
                throw alreadyRegistered();
            }
            throw e;
        }
        if (verificationRequired(key)) {
            // no session until the address is proven (CONTRACT section 13, email_verification)
            return new SessionView(true, null, 0, null, null, UserView.of(user));
        }
        return signIns.complete(key, user, List.of(SignIns.PASSWORD), client);
    }

    /** The same {@code invalid_credentials} for an unknown e-mail and a wrong password, in the same time. */
    public SignInAnswer login(VerifiedKey key, Credentials credentials, SignIns.Client client) {
        SignIns.requireMethod(key, "email_password");
        String address = client.address();
        String email = email(credentials);
        if (credentials.password() == null || credentials.password().isEmpty()) {
            throw ApiException.invalidRequest("password: must not be blank");
        }
        LoginThrottle.Attempt attempt = throttle.reserve(key.applicationId(), key.environment(), email, address);
        EndUser user;
        boolean matched;
        try {
            user = users.findByEmail(key.applicationId(), key.environment(), email).orElse(null);
            matched = passwords.matches(credentials.password(), user == null ? null : user.passwordHash);
        } catch (RuntimeException e) {
            // no password was judged (bcrypt at its cap, a store down): no failure to count
            throttle.release(attempt, false);
            throw e;
        }
        if (!matched) {
            throw new ApiException(401, "invalid_credentials", "The e-mail or password is wrong", null);
        }
        throttle.release(attempt, true);
        SignIns.requireEnabled(user);
        if (verificationRequired(key) && !user.emailVerified) {
            throw new ApiException(403, "email_not_verified", "Confirm your e-mail address first: follow the link we mailed", null);
        }
        return signIns.complete(key, user, List.of(SignIns.PASSWORD), client);
    }

    /** A user without a password (a magic link, an external identity); within the caller's transaction. */
    EndUser newUser(Partition partition, String email) {
        EndUser user = new EndUser();
        user.id = UUID.randomUUID();
        user.applicationId = partition.applicationId();
        user.environment = partition.environment();
        user.email = email;
        user.createdAt = Timestamps.now();
        users.persistAndFlush(user);
        quotas.check(user.applicationId, user.environment, Quota.END_USERS);
        events.created(partition.tenantId(), user);
        return user;
    }

    /** Where end users live: an application's environment, and the tenant its events go to. */
    record Partition(UUID applicationId, Environment environment, String tenantId) {
        static Partition of(VerifiedKey key) {
            return new Partition(key.applicationId(), key.environment(), key.tenantId());
        }
    }

    public MeView me(VerifiedKey key, UUID userId) {
        EndUser user = users.findInPartition(key.applicationId(), key.environment(), userId)
                .orElseThrow(() -> new ApiException(401, "invalid_token", "The user of this token no longer exists", null));
        return new MeView(true, UserView.of(user), new MeView.Factors(totpFactors.confirmed(user.id), passkeys.count(user.id)));
    }

    private static boolean verificationRequired(VerifiedKey key) {
        return "required".equals(key.application().emailVerification());
    }

    private static ApiException alreadyRegistered() {
        return ApiException.conflict("An end user with this e-mail is already registered");
    }

    private static String email(Credentials credentials) {
        return email(credentials.email());
    }

    /** Trimmed and lower-cased; 400 naming {@code email} unless it is an address. */
    static String email(String raw) {
        String email = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw ApiException.invalidRequest("email: must be an e-mail address of at most " + MAX_EMAIL_LENGTH + " characters");
        }
        return email;
    }

    /** The address trimmed and lower-cased, or null when it is none (a claim of an external token). */
    static String emailOrNull(String raw) {
        try {
            return raw == null ? null : email(raw);
        } catch (ApiException e) {
            return null;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }
}
