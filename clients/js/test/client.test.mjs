// Every call of @latchkey/client against a real packaged Latchkey (PostgreSQL and Redis), and
// every error the client maps: refused keys, permissions, RLS, timeouts, retries.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createBrowserClient, createServerClient, verifyAccessToken, LatchkeyError } from "../src/index.js";
import { admin, startLatchkey } from "./service.mjs";
import * as OTPAuth from "otpauth";

let service;
let app;
const tenant = `js-${Date.now()}`;
const email = () => `user-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
const password = "correct horse battery staple";

before(async () => {
  service = await startLatchkey();
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "JS client" });
  app = await admin(service, "POST", "/api/v1/applications",
    { name: "Notes", allowed_origins: ["https://notes.example.com"], scopes: ["links:write"] }, tenant);
  await admin(service, "PUT", `/api/v1/applications/${app.id}/collections/notes`, { rls_enabled: true, read_access: "public" }, tenant);
});

after(async () => {
  await service?.stop();
});

const browser = (options = {}) => createBrowserClient({ publishableKey: app.keys.live.publishable_key, baseUrl: service.url, ...options });
const server = () => createServerClient({ secretKey: app.keys.live.secret_key, baseUrl: service.url });

describe("browser client (publishable key)", () => {
  test("refuses a secret key before any request", () => {
    assert.throws(() => createBrowserClient({ publishableKey: "sk_live_whatever", baseUrl: "http://127.0.0.1:9" }),
      (error) => error instanceof LatchkeyError && /never be used in a browser/.test(error.message));
    assert.throws(() => createBrowserClient({ publishableKey: undefined, baseUrl: "http://127.0.0.1:9" }), LatchkeyError);
  });

  test("identify is fetched once, then cached, and revalidated with the ETag", async () => {
    let calls = 0;
    const counting = (url, init) => { calls++; return fetch(url, init); };
    const lk = createBrowserClient({ publishableKey: app.keys.live.publishable_key, baseUrl: service.url, fetch: counting });
    const first = await lk.identify();
    assert.equal(first.application_id, app.id);
    assert.equal(first.app_name, "Notes");
    assert.equal(first.environment, "live");
    assert.equal(await lk.identify(), first);
    assert.equal(calls, 1);
    assert.deepEqual(await lk.identify({ revalidate: true }), first); // 304: the cached copy
    assert.equal(calls, 2);
    await admin(service, "PATCH", `/api/v1/applications/${app.id}`, { name: "Notes 2" }, tenant);
    assert.equal((await lk.identify({ revalidate: true })).app_name, "Notes 2");
  });

  test("signup keeps the user token, RLS writes are the user's own, reads and me work", async () => {
    const lk = browser();
    const session = await lk.auth.signup({ email: email(), password });
    assert.ok(session.token && session.user.id);
    assert.equal(lk.auth.token, session.token);
    assert.deepEqual(await lk.auth.me(), { ...session.user, factors: { totp: false, passkeys: 0 } });
    const note = await lk.data.create("notes", { title: "mine" });
    assert.equal(note._owner, session.user.id);
    assert.equal((await lk.data.get("notes", note._id)).title, "mine");
    assert.equal((await lk.data.update("notes", note._id, { done: true })).done, true);
    assert.equal((await lk.data.replace("notes", note._id, { title: "replaced" })).title, "replaced");
    const page = await lk.data.list("notes", { limit: 200 });
    assert.ok(page.data.some((d) => d._id === note._id));
    assert.ok("next" in page);

    const other = browser();
    await other.auth.signup({ email: email(), password });
    await assert.rejects(other.data.update("notes", note._id, { title: "theirs" }),
      (error) => error instanceof LatchkeyError && error.status === 403 && error.error === "owner_mismatch");
    await lk.data.delete("notes", note._id);
    await assert.rejects(lk.data.get("notes", note._id), (error) => error.status === 404 && error.error === "not_found");
  });

  test("login, logout, and a write without a user token", async () => {
    const address = email();
    await browser().auth.signup({ email: address, password });
    const lk = browser();
    const session = await lk.auth.login({ email: address, password });
    assert.equal(session.user.email, address);
    await lk.auth.logout();
    assert.equal(lk.auth.token, null);
    await assert.rejects(lk.data.create("notes", { title: "anonymous" }), (error) => error.status === 401 && error.error === "invalid_token");
    await assert.rejects(lk.auth.login({ email: address, password: "wrong password!" }),
      (error) => error.status === 401 && error.error === "invalid_credentials");
  });

  test("sessions: a token near its expiry is refreshed first, sessions are listed, logout ends them", async () => {
    const address = email();
    const eager = browser({ refreshAhead: 7200 }); // longer than a token lives: each call refreshes first
    const first = await eager.auth.signup({ email: address, password });
    const me = await eager.auth.me();
    assert.equal(me.id, first.user.id);
    assert.notEqual(eager.auth.token, first.token);
    const other = browser();
    await other.auth.login({ email: address, password });
    const listed = await other.auth.sessions();
    assert.equal(listed.length, 2);
    assert.equal(listed.filter((s) => s.current).length, 1);
    await other.auth.logout({ all: true });
    await assert.rejects(eager.auth.me(), (error) => error.status === 401 && error.error === "invalid_token");
    assert.equal(eager.auth.token, null);
  });

  test("list pages follow next", async () => {
    const lk = browser();
    await lk.auth.signup({ email: email(), password });
    for (let i = 0; i < 3; i++) await lk.data.create("notes", { i });
    const first = await lk.data.list("notes", { limit: 2 });
    assert.equal(first.data.length, 2);
    assert.ok(first.next);
    const second = await lk.data.list("notes", { limit: 2, after: first.next });
    assert.ok(second.data.length >= 1);
    assert.ok(!second.data.some((d) => first.data.some((f) => f._id === d._id)));
  });

  test("list queries: where, sort, fields, count, and pages of the same query", async () => {
    const lk = browser();
    await lk.auth.signup({ email: email(), password });
    const run = email();
    for (let i = 0; i < 5; i++) await lk.data.create("notes", { i, run, kind: i % 2 ? "odd" : "even", tags: ["t" + i] });
    const query = { where: { run, kind: "even", i: { $gte: 0 } }, sort: ["-i"], fields: ["i"], count: true, limit: 2 };
    const first = await lk.data.list("notes", query);
    assert.deepEqual(first.data.map((d) => d.i), [4, 2]);
    assert.deepEqual(Object.keys(first.data[0]).sort(), ["_id", "i"]);
    assert.equal(first.count, 3);
    assert.equal(first.countEstimated, false);
    const second = await lk.data.list("notes", { ...query, after: first.next });
    assert.deepEqual(second.data.map((d) => d.i), [0]);
    assert.equal(second.next, null);
    const either = await lk.data.list("notes", { where: { run, $or: [{ tags: { $contains: "t1" } }, { i: { $in: [3] } }] }, sort: "i" });
    assert.deepEqual(either.data.map((d) => d.i), [1, 3]);
    await assert.rejects(lk.data.list("notes", { where: { i: { $regex: "x" } } }),
      (error) => error.status === 400 && error.error === "invalid_request" && /where/.test(error.message));
    await assert.rejects(lk.data.list("notes", { ...query, sort: "i", after: first.next }), (error) => error.status === 400);
  });
});

describe("multi-factor (CONTRACT section 14), codes from the otpauth package", () => {
  // the code of the step after the current one: the service accepts it, and the current one is spent by confirm
  const nextCode = (totp) => totp.generate({ timestamp: Date.now() + totp.period * 1000 });

  test("a confirmed factor turns login into a challenge that verify completes", async () => {
    const address = email();
    const lk = browser();
    await lk.auth.signup({ email: address, password });
    const enrolment = await lk.auth.mfa.enroll();
    const totp = OTPAuth.URI.parse(enrolment.otpauth_url);
    assert.equal(totp.secret.base32, enrolment.secret);
    const recoveryCodes = await lk.auth.mfa.confirm({ code: totp.generate() });
    assert.equal(recoveryCodes.length, 10);

    const phone = browser();
    const challenged = await phone.auth.login({ email: address, password });
    assert.equal(challenged.token, undefined);
    assert.deepEqual(challenged.mfa.methods, ["totp", "recovery_code"]);
    assert.equal(phone.auth.token, null);
    await assert.rejects(phone.auth.mfa.verify({ challengeToken: challenged.mfa.challenge_token, code: "12345" }),
      (error) => error.status === 401 && error.error === "invalid_credentials");
    const session = await phone.auth.mfa.verify({ challengeToken: challenged.mfa.challenge_token, code: nextCode(totp) });
    assert.equal(phone.auth.token, session.token);
    await phone.auth.mfa.remove();
    assert.ok((await browser().auth.login({ email: address, password })).token, "no factor, no challenge");
  });

  test("an application that requires MFA: enrol with the challenge, then the data API opens", async () => {
    const strict = await admin(service, "POST", "/api/v1/applications", { name: "Strict", mfa_required: true }, tenant);
    await admin(service, "PUT", `/api/v1/applications/${strict.id}/collections/notes`, { rls_enabled: true, read_access: "public" }, tenant);
    const lk = createBrowserClient({ publishableKey: strict.keys.live.publishable_key, baseUrl: service.url });
    const { mfa } = await lk.auth.signup({ email: email(), password });
    assert.equal(mfa.enroll, true);
    const totp = OTPAuth.URI.parse((await lk.auth.mfa.enroll({ challengeToken: mfa.challenge_token })).otpauth_url);
    assert.equal(totp.issuer, "Strict");
    await lk.auth.mfa.confirm({ challengeToken: mfa.challenge_token, code: totp.generate() });
    await lk.auth.mfa.verify({ challengeToken: mfa.challenge_token, code: nextCode(totp) });
    assert.equal((await lk.data.create("notes", { title: "behind two factors" })).title, "behind two factors");
  });
});

describe("external tokens (CONTRACT section 14), from an OpenID provider the test runs", () => {
  test("a JWT of a configured issuer becomes a session; the same identity signs in again", async () => {
    const { generateKeyPair, exportJWK, SignJWT } = await import("jose");
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    const issuerServer = createServer((request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = "https://byoa.example.com";
      const byoa = await admin(service, "POST", "/api/v1/applications", { name: "BYOA", auth_methods: ["external"],
        external_issuers: [{ issuer, jwks_url: `http://127.0.0.1:${issuerServer.address().port}/jwks`, audience: "notes" }] }, tenant);
      const sign = (sub, audience = "notes") => new SignJWT({ email: `${sub}@example.com`, email_verified: true })
        .setProtectedHeader({ alg: "ES256", kid: "k1" }).setIssuer(issuer).setAudience(audience).setSubject(sub)
        .setIssuedAt().setExpirationTime("5m").sign(privateKey);
      const lk = createBrowserClient({ publishableKey: byoa.keys.live.publishable_key, baseUrl: service.url });
      const session = await lk.auth.exchange(await sign("clerk_user_1"));
      assert.equal(session.user.email, "clerk_user_1@example.com");
      assert.equal(lk.auth.token, session.token);
      assert.equal((await lk.auth.exchange(await sign("clerk_user_1"))).user.id, session.user.id);
      await assert.rejects(lk.auth.exchange(await sign("clerk_user_1", "another-api")),
        (error) => error.status === 401 && error.error === "invalid_token");
    } finally {
      issuerServer.close();
    }
  });
});

describe("social sign-in (CONTRACT section 14), through a real OpenID provider", () => {
  test("signInWith sends the browser through Latchkey and the provider; completeSignIn exchanges the code with PKCE", async () => {
    const page = "http://localhost:5173/done";
    const social = await admin(service, "POST", "/api/v1/applications", { name: "Social", auth_methods: ["oidc"], redirect_urls: [page] }, tenant);
    await admin(service, "PUT", `/api/v1/applications/${social.id}/auth-providers/live/oidc-acme`,
      { client_id: "js-client", client_secret: "js-secret", issuer: `${service.openIdProvider}acme` }, tenant);
    const memory = new Map();
    const storage = { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => memory.set(key, value), removeItem: (key) => memory.delete(key) };
    const lk = createBrowserClient({ publishableKey: social.keys.live.publishable_key, baseUrl: service.url, storage });
    assert.deepEqual((await lk.identify()).social_providers, ["oidc-acme"]);
    let url = await lk.auth.signInWith("oidc-acme", { redirectTo: page, navigate: false });
    assert.equal(memory.size, 1, "the verifier waits in the tab's storage");
    for (let hop = 0; hop < 3; hop++) { // to Latchkey, to the provider (which signs in at once), back to Latchkey
      const answer = await fetch(url, { redirect: "manual" });
      assert.equal(answer.status, 302, await answer.text());
      url = answer.headers.get("location");
    }
    assert.ok(url.startsWith(`${page}?latchkey_code=`), url);
    const session = await lk.auth.completeSignIn(url);
    assert.equal(lk.auth.token, session.token);
    assert.equal(memory.size, 0);
    await assert.rejects(lk.auth.completeSignIn(url), (error) => error.error === "invalid_request"); // the verifier is gone
    await assert.rejects(lk.auth.completeSignIn(`${page}?error=access_denied`), (error) => error.error === "access_denied");
  });
});

describe("server client (secret key)", () => {
  test("verify judges keys, with scopes, origin, address and cost", async () => {
    const sk = server();
    const valid = await sk.keys.verify(app.keys.live.publishable_key, { origin: "https://notes.example.com" });
    assert.equal(valid.valid, true);
    assert.equal(valid.code, "VALID");
    assert.equal((await sk.keys.verify("sk_live_not_a_real_key")).code, "INVALID");
    assert.equal((await sk.keys.verify(app.keys.live.publishable_key, { origin: "https://evil.example.com" })).code,
      "ORIGIN_NOT_ALLOWED");
    const metered = await admin(service, "POST", `/api/v1/applications/${app.id}/keys`,
      { name: "metered", environment: "live", credits: { remaining: 5 }, ip_allowlist: ["127.0.0.1"], scopes: ["links:write"] }, tenant);
    const judged = await sk.keys.verify(metered.secret_key, { scopes: ["links:write"], ip: "127.0.0.1", cost: 2 });
    assert.equal(judged.code, "VALID");
    assert.equal(judged.credits.remaining, 3);
    assert.equal((await sk.keys.verify(metered.secret_key, { ip: "10.0.0.1" })).code, "IP_NOT_ALLOWED");
    assert.equal((await sk.keys.verify(metered.secret_key, { ip: "127.0.0.1", cost: 10 })).code, "USAGE_EXCEEDED");
    assert.equal((await sk.keys.self()).type, "sk");
  });

  test("auth.token gives an access token that verifyAccessToken checks offline", async () => {
    const { access_token, token_type, expires_in } = await server().auth.token();
    assert.equal(token_type.toLowerCase(), "bearer");
    assert.ok(expires_in > 0);
    const jwksUrl = `${service.url}/.well-known/jwks.json`;
    const claims = await verifyAccessToken(access_token, { jwksUrl, audience: app.id });
    assert.equal(claims.application_id, app.id);
    await assert.rejects(verifyAccessToken(access_token, { jwksUrl, audience: "another-application" }));
    await assert.rejects(verifyAccessToken(access_token, { jwksUrl, audience: app.id, environment: "test" }), /live token/);
    await assert.rejects(verifyAccessToken(access_token, { jwksUrl, audience: app.id, scopes: ["links:delete"] }), /missing scopes/);
    await assert.rejects(verifyAccessToken(access_token, { audience: app.id }), /jwksUrl/);
  });

  test("the data API with the secret key; a restricted key's missing permission is named", async () => {
    const sk = server();
    const doc = await sk.data.create("notes", { by: "server" });
    assert.equal(doc._owner, null);
    assert.equal((await sk.data.get("notes", doc._id)).by, "server");
    await sk.data.delete("notes", doc._id);
    const readOnly = await admin(service, "POST", `/api/v1/applications/${app.id}/keys`,
      { name: "reader", environment: "live", permissions: "read_only" }, tenant);
    const reader = createServerClient({ secretKey: readOnly.secret_key, baseUrl: service.url });
    await assert.rejects(reader.data.create("notes", { no: 1 }), (error) => error.status === 403
      && error.error === "insufficient_permissions" && error.requiredPermission === "data:write");
    await assert.rejects(sk.data.list("users"), (error) => error.status === 403 && error.error === "use_user_auth");
  });

  test("refused keys: revoked, unknown, a publishable key where a secret one is needed", async () => {
    const extra = await admin(service, "POST", `/api/v1/applications/${app.id}/keys`, { name: "short-lived", environment: "live" }, tenant);
    await admin(service, "DELETE", `/api/v1/applications/${app.id}/keys/${extra.id}`, undefined, tenant);
    const revoked = createServerClient({ secretKey: extra.secret_key, baseUrl: service.url });
    await assert.rejects(revoked.keys.self(), (error) => error.status === 401 && error.error === "api_key_revoked");
    const unknown = createServerClient({ secretKey: "sk_live_00000000000000000000000000000000000000", baseUrl: service.url });
    await assert.rejects(unknown.keys.self(), (error) => error.status === 401 && error.error === "invalid_api_key");
    assert.throws(() => createServerClient({ secretKey: app.keys.live.publishable_key, baseUrl: service.url }), LatchkeyError);
  });
});

describe("transport", () => {
  let fake;
  let answers;
  let hits;
  before(async () => {
    fake = createServer((request, response) => {
      hits++;
      const [status, headers, body] = answers.shift() ?? [200, {}, { success: true, valid: true }];
      if (status === "hang") return; // never answers
      response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    });
    await new Promise((resolve) => fake.listen(0, "127.0.0.1", resolve));
  });
  after(() => fake.closeAllConnections() || fake.close());
  const client = (options = {}) => createServerClient({ secretKey: "sk_live_x", baseUrl: `http://127.0.0.1:${fake.address().port}`, ...options });

  test("429 and 503 are retried after Retry-After, a bounded number of times", async () => {
    hits = 0;
    answers = [[429, { "retry-after": "0" }, { success: false, error: "rate_limited", message: "slow down" }],
      [503, { "retry-after": "0" }, { success: false, error: "unavailable", message: "later" }]];
    assert.equal((await client().keys.verify("k")).valid, true);
    assert.equal(hits, 3);
    hits = 0;
    answers = Array.from({ length: 5 }, () => [503, { "retry-after": "0" }, { success: false, error: "unavailable", message: "down" }]);
    await assert.rejects(client({ retries: 2 }).keys.verify("k"),
      (error) => error.status === 503 && error.error === "unavailable" && error.retryAfter === 0);
    assert.equal(hits, 3);
    hits = 0;
    answers = [[429, { "retry-after": "3600" }, { success: false, error: "rate_limited", message: "an hour" }]];
    await assert.rejects(client().keys.verify("k"), (error) => error.status === 429 && error.retryAfter === 3600);
    assert.equal(hits, 1, "a wait past maxRetryWaitMs is not waited for");
  });

  test("a call that gets no answer in time throws a timeout", async () => {
    answers = [["hang"]];
    await assert.rejects(client({ timeoutMs: 300 }).keys.verify("k"), (error) => error.status === 0 && error.error === "timeout");
  });
});

describe("realtime (CONTRACT section 17)", () => {
  before(async () => {
    await admin(service, "PATCH", `/api/v1/applications/${app.id}`, {
      realtime_rules: [{ pattern: "rooms/+", publish: "user", subscribe: "public" }, { pattern: "secret/#", publish: "none", subscribe: "none" }],
    }, tenant);
  });

  /** The next `count` events a subscription delivers, or a failure after 5 s. */
  const collect = (lk, what, count) => {
    const events = [];
    let subscription;
    const done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events within 5 s`)), 5000);
      subscription = lk.realtime.subscribe(what, (event) => {
        events.push(event);
        if (events.length === count) {
          clearTimeout(timer);
          resolve(events);
        }
      });
    });
    return { subscription, done };
  };

  test("a browser subscribes to a collection and a topic; changes and messages arrive in order", async () => {
    const lk = browser();
    await lk.auth.signup({ email: email(), password });
    const { subscription, done } = collect(lk, { collections: ["notes"], topics: ["rooms/+"] }, 3);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is open
    const note = await lk.data.create("notes", { title: "live" });
    await lk.realtime.publish("rooms/1", { text: "hello" });
    await server().realtime.publish("rooms/2", [1, 2]);
    const [change, message, fromServer] = await done;
    subscription.close();
    assert.equal(await subscription.closed, null);
    assert.deepEqual([change.type, change.collection, change.op, change.id, change.document.title], ["change", "notes", "insert", note._id, "live"]);
    assert.deepEqual(message, { type: "message", topic: "rooms/1", payload: { text: "hello" } });
    assert.deepEqual(fromServer.payload, [1, 2]);
  });

  test("a forbidden topic ends the subscription with the service's error; a publish without a user token is refused", async () => {
    const lk = browser();
    const { closed } = lk.realtime.subscribe({ topics: ["secret/x"] }, () => assert.fail("no event expected"));
    const error = await closed;
    assert.ok(error instanceof LatchkeyError);
    assert.deepEqual([error.status, error.error], [403, "insufficient_permissions"]);
    await assert.rejects(lk.realtime.publish("rooms/1", 1), (refused) => refused.status === 401 && refused.error === "invalid_token");
  });

  test("a ticket opens a stream for code that cannot send headers", async () => {
    const ticket = await browser().realtime.ticket();
    assert.match(ticket, /^rtt_/);
    const response = await fetch(`${service.url}/api/realtime/stream?topics=rooms/%2B&ticket=${ticket}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /^text\/event-stream/);
    await response.body.cancel();
  });
});
