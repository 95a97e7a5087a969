import * as OTPAuth from "otpauth";

// A normal flow of an integrator's calls, sent to `base` (the validating proxy): what the
// OpenAPI check exercises. Answers each call's method, path and status.
export async function runFlow(base, adminToken) {
  const log = [];
  async function call(method, path, { body, key, token, tenant, headers = {} } = {}) {
    const sent = { ...headers };
    if (key) sent["x-api-key"] = key;
    if (token) sent.authorization = `Bearer ${token}`;
    if (tenant) sent["x-tenant"] = tenant;
    if (body !== undefined) sent["content-type"] = "application/json";
    const response = await fetch(base + path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    log.push({ method, path, status: response.status });
    try { return text ? JSON.parse(text) : null; } catch { return text; }
}
const admin = (method, path, body, tenant) => call(method, path, { body, token: adminToken, tenant });
const tenant = `flow-${Date.now()}`;
await admin("POST", "/api/v1/tenants", { id: tenant, name: "Flow" });
await admin("GET", "/api/v1/tenants");
const app = await admin("POST", "/api/v1/applications", { name: "Flow", allowed_origins: ["https://app.example.com"],
  auth_methods: ["email_password", "magic_link"] }, tenant);
await admin("GET", "/api/v1/applications", undefined, tenant);
await admin("GET", `/api/v1/applications/${app.id}`, undefined, tenant);
await admin("PATCH", `/api/v1/applications/${app.id}`, { scopes: ["links:read", "links:write"], publishable_scopes: ["links:read"] }, tenant);
const ro = await admin("POST", `/api/v1/applications/${app.id}/keys`, { name: "ro", environment: "live", permissions: "read_only" }, tenant);
const mapped = await admin("POST", `/api/v1/applications/${app.id}/keys`, { name: "map", environment: "live", permissions: { data: "write" } }, tenant);
await admin("GET", `/api/v1/applications/${app.id}/keys`, undefined, tenant);
await admin("PATCH", `/api/v1/applications/${app.id}/keys/${mapped.id}`, { meta: { plan: "pro" } }, tenant);
const rotated = await admin("POST", `/api/v1/settings/applications/${app.id}/rotate-secret`, { environment: "live", grace_period_seconds: 0 }, tenant);
const sk = rotated.secret_key;
const pk = app.keys.live.publishable_key;
await call("POST", "/api/v1/auth/identify", { body: { publishable_key: pk } });
await call("GET", "/api/v1/keys/self", { key: sk });
await call("GET", "/api/v1/keys/self", { key: ro.secret_key });
await call("POST", "/api/v1/keys/verify", { key: sk, body: { key: mapped.secret_key, scopes: ["links:read"] } });
await call("POST", "/api/v1/keys/verify", { key: sk, body: { key: "sk_live_" + "a".repeat(38) } });
await call("POST", "/api/v1/auth/token", { key: sk, body: {} });
await call("GET", "/.well-known/jwks.json");
await admin("PUT", `/api/v1/applications/${app.id}/collections/notes`, { rls_enabled: true, read_access: "owner" }, tenant);
const doc = await call("POST", "/api/data/notes", { key: sk, body: { title: "a" } });
await call("GET", `/api/data/notes/${doc.data._id}`, { key: sk });
await call("GET", "/api/data/notes?limit=10", { key: sk });
await call("PATCH", `/api/data/notes/${doc.data._id}`, { key: sk, body: { title: "b" } });
await call("PUT", `/api/data/notes/${doc.data._id}`, { key: sk, body: { title: "c" } });
const user = await call("POST", "/api/userAuth/signup", { key: pk, body: { email: `u${Date.now()}@example.com`, password: "correct horse battery" } });
await call("POST", "/api/userAuth/login", { key: pk, body: { email: user.user.email, password: "correct horse battery" } });
await call("GET", "/api/userAuth/me", { key: pk, token: user.token });
await call("POST", "/api/data/notes", { key: pk, token: user.token, body: { title: "mine" } });
// sessions, mailed links and user management (CONTRACT section 13)
const refreshed = await call("POST", "/api/userAuth/refresh", { key: pk, body: { refresh_token: user.refresh_token } });
await call("GET", "/api/userAuth/sessions", { key: pk, token: refreshed.token });
await call("POST", "/api/userAuth/email/verify/send", { key: pk, token: refreshed.token });
await call("POST", "/api/userAuth/email/verify", { key: pk, body: { token: "lt_" + "d".repeat(43) } });
await call("POST", "/api/userAuth/password/forgot", { key: pk, body: { email: user.user.email } });
await call("POST", "/api/userAuth/password/reset", { key: pk, body: { token: "lt_" + "e".repeat(43), password: "another good one" } });
await call("POST", "/api/userAuth/magic-link", { key: pk, body: { email: user.user.email } });
await call("POST", "/api/userAuth/magic-link/verify", { key: pk, body: { token: "lt_" + "f".repeat(43) } });
// multi-factor (CONTRACT section 14): enrol, confirm, a challenged login completed with a recovery code
const enrolment = await call("POST", "/api/userAuth/mfa/totp/enroll", { key: pk, token: refreshed.token, body: {} });
const confirmed = await call("POST", "/api/userAuth/mfa/totp/confirm", { key: pk, token: refreshed.token,
  body: { code: OTPAuth.URI.parse(enrolment.otpauth_url).generate() } });
const challenged = await call("POST", "/api/userAuth/login", { key: pk, body: { email: user.user.email, password: "correct horse battery" } });
const secondFactor = await call("POST", "/api/userAuth/mfa/verify", { key: pk,
  body: { challenge_token: challenged.mfa.challenge_token, code: confirmed.recovery_codes[0] } });
await call("DELETE", "/api/userAuth/mfa/totp", { key: pk, token: secondFactor.token });
await admin("GET", `/api/v1/applications/${app.id}/users?email=u`, undefined, tenant);
await admin("GET", `/api/v1/applications/${app.id}/users/${user.user.id}`, undefined, tenant);
await admin("PATCH", `/api/v1/applications/${app.id}/users/${user.user.id}`, { disabled: true }, tenant);
await admin("POST", `/api/v1/applications/${app.id}/users/${user.user.id}/sign-out`, undefined, tenant);
await call("POST", "/api/userAuth/logout", { key: pk, token: refreshed.token, body: { all: true } });
await admin("DELETE", `/api/v1/applications/${app.id}/users/${user.user.id}?documents=delete`, undefined, tenant);
await call("DELETE", `/api/data/notes/${doc.data._id}`, { key: sk });
// realtime (CONTRACT section 17): rules, a ticket, publishes allowed and refused (the stream itself is no request-answer exchange)
await admin("PATCH", `/api/v1/applications/${app.id}`, { realtime_rules: [{ pattern: "rooms/+", publish: "public", subscribe: "public" }] }, tenant);
await call("POST", "/api/realtime/ticket", { key: pk });
await call("POST", "/api/realtime/publish", { key: pk, body: { topic: "rooms/1", payload: { text: "hi" } } });
await call("POST", "/api/realtime/publish", { key: pk, body: { topic: "admin/1", payload: 1 } });
await call("POST", "/api/realtime/publish", { key: sk, body: { topic: "rooms/+", payload: 1 } });
await call("POST", "/api/data/notes", { key: ro.secret_key, body: { title: "no" } });
await call("GET", "/api/v1/keys/self", { key: "sk_live_" + "b".repeat(38) });
await admin("GET", `/api/v1/applications/${app.id}/usage`, undefined, tenant);
await admin("GET", `/api/v1/applications/${app.id}/audit-log`, undefined, tenant);
// the packaged service refuses webhook targets it cannot resolve to a public address: a 400 to check
await admin("POST", `/api/v1/applications/${app.id}/webhooks`, { url: "https://hooks.example.invalid/x", events: ["key.revoked"] }, tenant);
await admin("GET", `/api/v1/applications/${app.id}/webhooks`, undefined, tenant);
await admin("GET", `/api/v1/applications/${app.id}/webhooks/${crypto.randomUUID()}/deliveries`, undefined, tenant);
await admin("DELETE", `/api/v1/applications/${app.id}/keys/${ro.id}`, undefined, tenant);
await call("POST", "/api/v1/keys/leaked", { body: { keys: ["sk_live_" + "c".repeat(38)] } });
await admin("DELETE", `/api/v1/applications/${app.id}/webhooks/${crypto.randomUUID()}`, undefined, tenant);
await admin("DELETE", `/api/v1/applications/${app.id}`, undefined, tenant);
return log;
}
