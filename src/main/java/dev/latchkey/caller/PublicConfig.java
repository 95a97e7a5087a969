package dev.latchkey.caller;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a publishable key may learn about its application (CONTRACT: identify), plus the
 * configuration version that identifies this state of it. Cached in Redis as JSON.
 */
@RegisterForReflection
public record PublicConfig(
        UUID applicationId,
        String tenantId,
        String name,
        List<String> authMethods,
        Branding branding,
        boolean mfaRequired,
        List<String> allowedOrigins,
        List<String> scopes,
        List<String> publishableScopes,
        String emailVerification,
        List<String> redirectUrls,
        long configVersion,
        List<String> socialProviders) {

    /** Entries cached before scopes or mail settings existed read as having the defaults. */
    public PublicConfig {
        scopes = scopes == null ? List.of() : scopes;
        publishableScopes = publishableScopes == null ? List.of() : publishableScopes;
        emailVerification = emailVerification == null ? "optional" : emailVerification;
        redirectUrls = redirectUrls == null ? List.of() : redirectUrls;
        socialProviders = socialProviders == null ? List.of() : socialProviders;
    }

    /** The sign-in providers configured in one environment (stored as {@code live:google}), for identify's buttons. */
    public List<String> socialProvidersOf(String environment) {
        String prefix = environment + ":";
        return socialProviders.stream().filter(entry -> entry.startsWith(prefix)).map(entry -> entry.substring(prefix.length())).toList();
    }

    /** A generous estimate of this object's heap size, so caches can be bounded in memory. */
    public int approximateBytes() {
        int bytes = 256 + text(name) + text(tenantId);
        for (String method : authMethods) {
            bytes += text(method);
        }
        for (String origin : allowedOrigins) {
            bytes += text(origin);
        }
        for (String scope : scopes) {
            bytes += text(scope);
        }
        bytes += 16 * publishableScopes.size();
        for (String url : redirectUrls) {
            bytes += text(url);
        }
        for (String provider : socialProviders) {
            bytes += text(provider);
        }
        return bytes + text(branding.logoUrl()) + text(branding.primaryColor()) + text(branding.backgroundColor());
    }

    private static int text(String value) {
        return value == null ? 0 : 48 + 2 * value.length();
    }

    /** An absent Origin is a server-side caller; a present one must be listed. */
    public boolean allowsOrigin(String origin) {
        return origin == null || allowedOrigins.contains(origin);
    }
}
