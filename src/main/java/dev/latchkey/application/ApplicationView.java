package dev.latchkey.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.caller.Branding;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An application as the admin API shows it. {@code keys.<env>.secret_key} holds the secret itself
 * only in the answer that created it; everywhere else it is a hint.
 */
@RegisterForReflection
public record ApplicationView(
        UUID id,
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
        List<TopicRule> realtimeRules,
        List<ExternalIssuer> externalIssuers,
        Instant createdAt,
        Instant updatedAt,
        Map<String, KeyPairView> keys) {

    static ApplicationView of(Application app, Map<String, KeyPairView> keys) {
        return new ApplicationView(app.id, app.tenantId, app.name, app.authMethods,
                new Branding(app.logoUrl, app.primaryColor, app.backgroundColor),
                app.mfaRequired, app.allowedOrigins, app.scopes, app.publishableScopes, app.emailVerification, app.redirectUrls,
                TopicRule.parse(app.realtimeRules), ExternalIssuer.parse(app.externalIssuers),
                app.createdAt, app.updatedAt, keys);
    }
}
