package dev.latchkey.enduser.social;

/**
 * Who signed in as a provider says it: how it was proven ({@code google}, {@code external}...),
 * the provider's issuer and user id, and its e-mail with whether the provider verified it.
 */
public record ProvenIdentity(String provider, String issuer, String subject, String email, boolean emailVerified) {
}
