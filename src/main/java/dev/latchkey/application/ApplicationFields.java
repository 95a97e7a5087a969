package dev.latchkey.application;

import java.util.ArrayList;
import java.util.List;

import dev.latchkey.caller.Branding;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The public configuration of an application, as sent to create ({@code name} required) or to
 * PATCH (each field present replaces the stored one; {@code branding} is replaced as a whole).
 */
public record ApplicationFields(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Size(max = 16) List<@NotNull @Pattern(regexp = AUTH_METHOD, message = AUTH_METHOD_MESSAGE) String> authMethods,
        @Valid Branding branding,
        Boolean mfaRequired,
        @Size(max = 100) List<@NotNull @Pattern(regexp = ORIGIN,
                message = "must be an origin scheme://host[:port] in lowercase, with no path") String> allowedOrigins,
        @Size(max = 100) List<@NotNull @Pattern(regexp = SCOPE, message = SCOPE_MESSAGE) String> scopes,
        @Size(max = 100) List<@NotNull @Pattern(regexp = SCOPE, message = SCOPE_MESSAGE) String> publishableScopes,
        @Pattern(regexp = "^(required|optional|off)$", message = "must be required, optional or off") String emailVerification,
        @Size(max = 20) List<@NotNull @Size(max = 2000) String> redirectUrls,
        @Size(max = 100) List<@NotNull @Valid TopicRule> realtimeRules,
        @Size(max = ExternalIssuer.MAX) List<@NotNull @Valid ExternalIssuer> externalIssuers) {

    /** The sign-in methods (CONTRACT section 13); password is the seeds' spelling of email_password. */
    public static final String AUTH_METHOD = "^(email_password|password|magic_link|google|github|oidc|passkey|external)$";
    static final String AUTH_METHOD_MESSAGE =
            "must be one of email_password, password, magic_link, google, github, oidc, passkey, external";

    /** A custom scope, such as {@code links:write} (CONTRACT: protecting your own API). */
    public static final String SCOPE = "^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$";
    public static final String SCOPE_MESSAGE = "must be a scope resource:action in lowercase, such as links:write";

    /** The wire names of the fields present, for the audit log and the {@code application.updated} event. */
    List<String> present() {
        List<String> present = new ArrayList<>();
        addIf(present, name, "name");
        addIf(present, authMethods, "auth_methods");
        addIf(present, branding, "branding");
        addIf(present, mfaRequired, "mfa_required");
        addIf(present, allowedOrigins, "allowed_origins");
        addIf(present, scopes, "scopes");
        addIf(present, publishableScopes, "publishable_scopes");
        addIf(present, emailVerification, "email_verification");
        addIf(present, redirectUrls, "redirect_urls");
        addIf(present, realtimeRules, "realtime_rules");
        addIf(present, externalIssuers, "external_issuers");
        return present;
    }

    private static void addIf(List<String> present, Object field, String wireName) {
        if (field != null) {
            present.add(wireName);
        }
    }

    static final String ORIGIN =
            "^https?://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[1-9][0-9]{0,4})?$";
}
