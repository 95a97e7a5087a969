package dev.latchkey.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place the API's operations are named (CONTRACT section 11), for {@link ApiDocument}: by
 * {@code METHOD /path}, each operation's {@code operationId}, tag, summary and the credentials it
 * takes; and the tags in the order the document lists them. An operation missing here fails the
 * build, so a new endpoint cannot ship unnamed.
 */
final class ApiOperations {

    private ApiOperations() {
    }

    enum Access {
        /** No credential. */
        NONE,
        /** A secret or publishable key ({@code x-api-key}). */
        KEY,
        /** A key, and an end user's token where the caller acts as that user. */
        KEY_AND_USER,
        /** A key and an end user's token, both required. */
        KEY_WITH_USER,
        /** A key, or the publishable key in the body. */
        KEY_OR_BODY,
        /** An admin's bearer token. */
        ADMIN
    }

    record Named(String operationId, String tag, String summary, Access access) {
    }

    static final Map<String, Named> OPERATIONS = new LinkedHashMap<>();

    private static void name(String operation, String operationId, String tag, String summary, Access access) {
        OPERATIONS.put(operation, new Named(operationId, tag, summary, access));
    }

    static {
        name("GET /api/v1/tenants", "listTenants", "tenants", "List tenants (all for platform admins, a tenant admin's own)", Access.ADMIN);
        name("POST /api/v1/tenants", "createTenant", "tenants", "Create a tenant (platform admins)", Access.ADMIN);
        name("GET /api/v1/applications", "listApplications", "applications", "List the tenant's applications", Access.ADMIN);
        name("POST /api/v1/applications", "createApplication", "applications", "Create an application and its four keys", Access.ADMIN);
        name("GET /api/v1/applications/{id}", "getApplication", "applications", "Read an application", Access.ADMIN);
        name("PATCH /api/v1/applications/{id}", "updateApplication", "applications", "Change an application's settings", Access.ADMIN);
        name("DELETE /api/v1/applications/{id}", "deleteApplication", "applications", "Delete an application and its keys", Access.ADMIN);
        name("GET /api/v1/applications/{id}/keys", "listKeys", "keys", "List an application's keys", Access.ADMIN);
        name("POST /api/v1/applications/{id}/keys", "createKey", "keys", "Create a secret key, unrestricted or restricted", Access.ADMIN);
        name("PATCH /api/v1/applications/{id}/keys/{keyId}", "updateKey", "keys", "Change a key's settings", Access.ADMIN);
        name("DELETE /api/v1/applications/{id}/keys/{keyId}", "revokeKey", "keys", "Revoke a secret key", Access.ADMIN);
        name("POST /api/v1/settings/applications/{id}/rotate-secret", "rotateSecret", "keys",
                "Rotate an environment's default secret or publishable key", Access.ADMIN);
        name("GET /api/v1/applications/{id}/audit-log", "listAuditLog", "audit", "Read an application's audit log", Access.ADMIN);
        name("GET /api/v1/applications/{id}/usage", "getUsage", "usage", "Read an application's usage figures", Access.ADMIN);
        name("GET /api/v1/applications/{id}/collections", "listCollections", "data",
                "List an application's collection settings", Access.ADMIN);
        name("PUT /api/v1/applications/{id}/collections/{name}", "putCollectionSettings", "data",
                "Set a collection's row-level security settings and declared indexes", Access.ADMIN);
        name("GET /api/v1/applications/{id}/collections/{name}/documents", "queryCollectionDocuments", "data",
                "Query a collection's documents in one environment, as a secret key sees them (the console's view)", Access.ADMIN);
        name("GET /api/v1/applications/{id}/webhooks", "listWebhooks", "webhooks", "List an application's webhooks", Access.ADMIN);
        name("POST /api/v1/applications/{id}/webhooks", "createWebhook", "webhooks", "Register a webhook", Access.ADMIN);
        name("DELETE /api/v1/applications/{id}/webhooks/{webhookId}", "deleteWebhook", "webhooks", "Delete a webhook", Access.ADMIN);
        name("POST /api/v1/applications/{id}/webhooks/{webhookId}/rotate-secret", "rotateWebhookSecret", "webhooks",
                "Rotate a webhook's signing secret (the previous one signs too for 24 hours)", Access.ADMIN);
        name("GET /api/v1/applications/{id}/webhooks/{webhookId}/deliveries", "listWebhookDeliveries", "webhooks",
                "List a webhook's deliveries", Access.ADMIN);
        name("POST /api/v1/auth/identify", "identify", "keys", "Identify an application by its publishable key", Access.KEY_OR_BODY);
        name("GET /api/v1/keys/self", "getKeySelf", "keys", "Describe the calling key", Access.KEY);
        name("POST /api/v1/keys/verify", "verifyKey", "keys", "Verify a key for the caller's own backend", Access.KEY);
        name("POST /api/v1/auth/token", "createAccessToken", "tokens", "Exchange a secret key for a short-lived access token", Access.KEY);
        name("GET /.well-known/jwks.json", "getJwks", "tokens", "The public keys that sign access and user tokens", Access.NONE);
        name("POST /api/v1/keys/leaked", "reportLeakedKeys", "leaks", "Report keys seen in public", Access.NONE);
        name("POST /api/v1/integrations/github/secret-scanning", "receiveGitHubSecretScanning", "leaks",
                "Receive GitHub's secret-scanning matches (signed by GitHub)", Access.NONE);
        name("GET /api/data/{collection}", "listDocuments", "data", "List or query a collection's documents", Access.KEY_AND_USER);
        name("POST /api/data/{collection}", "createDocument", "data", "Create a document", Access.KEY_AND_USER);
        name("GET /api/data/{collection}/{id}", "getDocument", "data", "Read a document", Access.KEY_AND_USER);
        name("PUT /api/data/{collection}/{id}", "replaceDocument", "data", "Replace a document", Access.KEY_AND_USER);
        name("PATCH /api/data/{collection}/{id}", "updateDocument", "data", "Change some fields of a document", Access.KEY_AND_USER);
        name("DELETE /api/data/{collection}/{id}", "deleteDocument", "data", "Delete a document", Access.KEY_AND_USER);
        name("GET /api/realtime/stream", "openRealtimeStream", "realtime",
                "Receive document changes and topic messages as Server-Sent Events (headers, or a ticket)", Access.KEY_AND_USER);
        name("POST /api/realtime/ticket", "createRealtimeTicket", "realtime",
                "A single-use ticket that opens one stream, for EventSource (which cannot send headers)", Access.KEY_AND_USER);
        name("POST /api/realtime/publish", "publishRealtimeMessage", "realtime", "Publish a message to a topic", Access.KEY_AND_USER);
        name("POST /api/userAuth/signup", "signup", "endUsers", "Sign an end user up", Access.KEY);
        name("POST /api/userAuth/login", "login", "endUsers", "Log an end user in", Access.KEY);
        name("GET /api/userAuth/me", "getCurrentUser", "endUsers", "Describe the signed-in end user", Access.KEY_WITH_USER);
        name("POST /api/userAuth/refresh", "refreshSession", "endUsers",
                "Spend a refresh token for a new user token and refresh token", Access.KEY);
        name("POST /api/userAuth/logout", "logout", "endUsers", "End this session, or every session of the user", Access.KEY_WITH_USER);
        name("GET /api/userAuth/sessions", "listSessions", "endUsers", "List the signed-in user's live sessions", Access.KEY_WITH_USER);
        name("POST /api/userAuth/email/verify/send", "sendVerificationEmail", "endUsers",
                "Mail the signed-in user a link that verifies the address", Access.KEY_WITH_USER);
        name("POST /api/userAuth/email/verify", "verifyEmail", "endUsers", "Spend a verification link", Access.KEY);
        name("POST /api/userAuth/password/forgot", "forgotPassword", "endUsers", "Mail a password reset link", Access.KEY);
        name("POST /api/userAuth/password/reset", "resetPassword", "endUsers",
                "Spend a reset link: a new password, a new session, every other session ended", Access.KEY);
        name("POST /api/userAuth/magic-link", "sendMagicLink", "endUsers", "Mail a sign-in link", Access.KEY);
        name("POST /api/userAuth/magic-link/verify", "verifyMagicLink", "endUsers",
                "Spend a sign-in link for a session (creating the user when allowed)", Access.KEY);
        name("POST /api/userAuth/exchange", "exchangeExternalToken", "endUsers",
                "Exchange a JWT of one of the application's external issuers for a session", Access.KEY);
        name("GET /api/userAuth/oauth/{provider}/authorize", "authorizeSocialSignIn", "endUsers",
                "Send the browser to a sign-in provider (publishable key and the page's S256 code_challenge in the query)", Access.NONE);
        name("GET /api/userAuth/oauth/callback", "socialSignInCallback", "endUsers",
                "Where the provider returns; back to redirect_to with latchkey_code or error", Access.NONE);
        name("POST /api/userAuth/oauth/exchange", "exchangeSocialSignInCode", "endUsers",
                "Exchange a latchkey_code and the page's code_verifier for a session", Access.KEY);
        name("POST /api/userAuth/mfa/totp/enroll", "enrollTotp", "endUsers",
                "Start enrolling a TOTP factor (signed in, or with an enrol-only MFA challenge)", Access.KEY_AND_USER);
        name("POST /api/userAuth/mfa/totp/confirm", "confirmTotp", "endUsers",
                "Confirm the TOTP factor with a first code; its recovery codes, shown once", Access.KEY_AND_USER);
        name("POST /api/userAuth/mfa/verify", "verifyMfa", "endUsers",
                "Complete a challenged sign-in with a TOTP or recovery code", Access.KEY);
        name("DELETE /api/userAuth/mfa/totp", "removeTotp", "endUsers",
                "Remove the TOTP factor (a session that passed MFA)", Access.KEY_WITH_USER);
        name("POST /api/userAuth/hosted/code", "handBackHostedSignIn", "endUsers",
                "The hosted sign-in page's last step: its session ends, and its user goes back to redirect_to with a latchkey_code",
                Access.KEY_WITH_USER);
        name("POST /api/userAuth/passkeys/register/options", "passkeyRegistrationOptions", "endUsers",
                "Options for navigator.credentials.create, for the page's origin (signed in)", Access.KEY_WITH_USER);
        name("POST /api/userAuth/passkeys/register", "registerPasskey", "endUsers",
                "Register the passkey the browser created (PublicKeyCredential.toJSON())", Access.KEY_WITH_USER);
        name("POST /api/userAuth/passkeys/login/options", "passkeySignInOptions", "endUsers",
                "Options for navigator.credentials.get, for the page's origin", Access.KEY);
        name("POST /api/userAuth/passkeys/login", "signInWithPasskey", "endUsers",
                "Sign in with the passkey the browser chose; the session counts as multi-factor", Access.KEY);
        name("GET /api/userAuth/passkeys", "listPasskeys", "endUsers", "List the signed-in user's passkeys", Access.KEY_WITH_USER);
        name("DELETE /api/userAuth/passkeys/{id}", "deletePasskey", "endUsers", "Remove one of the signed-in user's passkeys",
                Access.KEY_WITH_USER);
        name("GET /api/v1/applications/{id}/auth-providers", "listAuthProviders", "applications",
                "List an application's sign-in providers (never their secrets)", Access.ADMIN);
        name("PUT /api/v1/applications/{id}/auth-providers/{environment}/{provider}", "putAuthProvider", "applications",
                "Create or replace a sign-in provider of one environment (the client secret is write-only)", Access.ADMIN);
        name("DELETE /api/v1/applications/{id}/auth-providers/{environment}/{provider}", "deleteAuthProvider", "applications",
                "Remove a sign-in provider", Access.ADMIN);
        name("GET /api/v1/applications/{id}/users", "listUsers", "endUsers", "List or search an application's end users", Access.ADMIN);
        name("GET /api/v1/applications/{id}/users/{userId}", "getUser", "endUsers", "Read an end user", Access.ADMIN);
        name("PATCH /api/v1/applications/{id}/users/{userId}", "updateUser", "endUsers",
                "Disable or enable an end user (disabling ends its sessions)", Access.ADMIN);
        name("DELETE /api/v1/applications/{id}/users/{userId}", "deleteUser", "endUsers",
                "Erase an end user, with or without its documents", Access.ADMIN);
        name("POST /api/v1/applications/{id}/users/{userId}/sign-out", "signOutUser", "endUsers",
                "End every session of an end user", Access.ADMIN);
    }

    /** In the order the document lists them. */
    static final Map<String, String> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put("tenants", "Tenants, which own applications (platform admins)");
        TAGS.put("applications", "Applications: their settings and public configuration");
        TAGS.put("keys", "Publishable and secret keys: create, restrict, rotate, revoke, check");
        TAGS.put("tokens", "Short-lived access tokens and their public keys");
        TAGS.put("data", "The data API, with row-level security");
        TAGS.put("realtime", "Document changes and topic messages, live, over Server-Sent Events");
        TAGS.put("endUsers", "End users: sign-up, sign-in, sessions, and their management");
        TAGS.put("webhooks", "Key events sent to the operator's endpoints, signed");
        TAGS.put("leaks", "Leaked keys, reported by anyone or by GitHub");
        TAGS.put("usage", "Request counts per key and outcome");
        TAGS.put("audit", "Who changed what");
    }
}
