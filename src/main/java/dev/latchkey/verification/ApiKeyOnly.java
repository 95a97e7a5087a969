package dev.latchkey.verification;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * An endpoint of the key plane, which only API keys call (keys/self, verify, the token exchange,
 * the data API, userAuth). {@link ApiKeyOnlyFilter} admits its key, and checks the permission
 * declared here, before the body is read, instead of Quarkus security: the same admission,
 * without the lazy-authentication chain around it, which cost a warm {@code keys/self} a fifth of
 * its CPU (bench/findings.md). Endpoints an admin token may call keep Quarkus security and
 * {@code @PermissionsAllowed} ({@link ApiKeyAuthenticationMechanism}).
 */
@NameBinding
@Target({TYPE, METHOD})
@Retention(RUNTIME)
public @interface ApiKeyOnly {

    /**
     * The permissions ({@code permission/CallerPermissions}) of which the key must hold one; a
     * refusal names the first. None: any admitted key. On a method, they replace the class's.
     */
    String[] value() default {};
}
