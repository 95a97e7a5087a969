package dev.latchkey.enduser;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import java.util.concurrent.Semaphore;

import dev.latchkey.common.SecureRandoms;
import dev.latchkey.http.ApiException;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/** Password rules and bcrypt (Quarkus' Elytron): salted, slow, in modular crypt form. */
@ApplicationScoped
public class Passwords {

    /** bcrypt reads no further than this. */
    static final int MAX_BYTES = 72;

    private final int cost;
    private final int minLength;
    /** bcrypt is pure CPU: a flood of signups or logins must not take every core, nor queue up without end. */
    private final Semaphore hashing;
    /** Compared against when the e-mail is unknown, so both failures cost the same time. */
    private final String decoy;

    Passwords(EndUserConfig config) {
        this.cost = config.passwordCost();
        this.minLength = config.minPasswordLength();
        int cap = config.maxConcurrentHashes();
        // by default half the processors: bcrypt never takes every core from the key checks
        this.hashing = new Semaphore(cap > 0 ? cap : Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        this.decoy = bcrypt("decoy password never used");
    }

    /** Refuses a password too short or beyond bcrypt's 72 bytes, before anything is stored. */
    void validate(String password) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            throw ApiException.invalidRequest("password: must be at least " + minLength + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.invalidRequest("password: must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
    }

    String hash(String password) {
        acquire();
        try {
            return bcrypt(password);
        } finally {
            hashing.release();
        }
    }

    /** Whether the password matches the stored hash; with no hash, spends the same time and answers false. */
    boolean matches(String password, String storedHash) {
        acquire();
        try {
            boolean match = verify(password, storedHash == null ? decoy : storedHash);
            return storedHash != null && match;
        } finally {
            hashing.release();
        }
    }

    private String bcrypt(String password) {
        // our salt, not BcryptUtil's own generator: that one is a static field, which Quarkus
        // initialises at image build time and the native image builder refuses (SecureRandoms)
        byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
        SecureRandoms.get().nextBytes(salt);
        return BcryptUtil.bcryptHash(password, cost, salt);
    }

    /** A slot for one bcrypt computation, or 503 at once: a refusal costs microseconds, a queue costs every caller. */
    private void acquire() {
        if (!hashing.tryAcquire()) {
            throw ApiException.unavailable(1, "Too many password checks at once; retry in a moment");
        }
    }

    private static boolean verify(String password, String storedHash) {
        try {
            Password stored = ModularCrypt.decode(storedHash);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
                    WildFlyElytronPasswordProvider.getInstance());
            return factory.verify(factory.translate(stored), password.toCharArray());
        } catch (InvalidKeySpecException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bcrypt is unavailable", e);
        }
    }
}
