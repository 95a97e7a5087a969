package dev.latchkey.verification;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * An endpoint only an API key may call (key introspection, verify). {@link ApiKeyOnlyFilter}
 * admits its key instead of Quarkus security: the same admission, without the lazy-authentication
 * chain around it, which cost a warm {@code keys/self} about a quarter of its CPU
 * (bench/findings.md). Endpoints that also take an admin's or an end user's token stay with
 * Quarkus security ({@link ApiKeyAuthenticationMechanism}).
 */
@NameBinding
@Target({TYPE, METHOD})
@Retention(RUNTIME)
public @interface ApiKeyOnly {
}
