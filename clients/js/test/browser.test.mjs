// The browser entry point in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core): the one-page example (examples/browser), served from another origin, loads
// src/browser.js as it is and, driven through its form, runs identify (branding applied), signup,
// a row-level-security write and a data read against a packaged Latchkey, through real CORS; the
// mailed links (verification, password reset, magic link) read from the service's SMTP server;
// passkeys in Chromium's virtual authenticator; and a social sign-in through an OpenID provider.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { linkIn, mailsOf } from "./mail.mjs";
import { admin, startLatchkey } from "./service.mjs";
import { serveExample } from "../../../examples/browser/serve.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
let service;
let page;
let browser;
let site;
let app;

before(async () => {
  assert.ok(CHROMIUM, "Chromium is needed: apt-get install chromium (or set CHROMIUM_PATH)");
  site = createServer(serveExample);
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  service = await startLatchkey();
  const tenant = `browser-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Browser" });
  app = await admin(service, "POST", "/api/v1/applications", { name: "Notes in a browser", allowed_origins: [siteOrigin],
    branding: { primary_color: "#aa0000" } }, tenant);
  await admin(service, "PUT", `/api/v1/applications/${app.id}/collections/notes`, { rls_enabled: true, read_access: "public" }, tenant);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage();
  await page.goto(siteOrigin + "/");
});

after(async () => {
  await browser?.close();
  site?.close();
  await service?.stop();
});

test("the example page: identify with branding, signup, an RLS write and a read, through CORS", async () => {
  const query = new URLSearchParams({ key: app.keys.live.publishable_key, api: service.url });
  await page.goto(`http://127.0.0.1:${site.address().port}/?${query}`);
  await page.getByRole("heading", { name: "Notes in a browser" }).waitFor();
  const buttonColour = await page.getByRole("button", { name: "Sign up" }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(buttonColour, "rgb(170, 0, 0)");
  await page.getByLabel("Email", { exact: true }).fill(`page-${Date.now()}@example.com`);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByLabel("Note", { exact: true }).fill("from the page");
  await page.getByRole("button", { name: "Add" }).click();
  await page.getByRole("list", { name: "My notes" }).getByText("from the page").waitFor();
  assert.equal(await page.getByRole("alert").textContent(), "");
  const stored = await fetch(`${service.url}/api/data/notes?limit=200`, { headers: { "x-api-key": app.keys.live.publishable_key } })
    .then((r) => r.json());
  const note = stored.data.find((d) => d.title === "from the page");
  assert.ok(note && note._owner, "stored with its owner");
});

test("a secret key in the page is refused before any request", async () => {
  const message = await page.evaluate(async ({ secretKey, baseUrl }) => {
    const { createBrowserClient } = await import("/client/browser.js");
    try {
      createBrowserClient({ publishableKey: secretKey, baseUrl });
      return "accepted";
    } catch (error) {
      return error.message;
    }
  }, { secretKey: app.keys.live.secret_key, baseUrl: service.url });
  assert.match(message, /never be used in a browser/);
});

test("an origin the application does not list cannot read the answers", async () => {
  const other = await browser.newPage();
  try {
    // the same page, reached by another name: another origin, not in allowed_origins
    await other.goto(`http://localhost:${site.address().port}/`);
    const outcome = await other.evaluate(async ({ publishableKey, baseUrl }) => {
      const { createBrowserClient } = await import("/client/browser.js");
      try {
        await createBrowserClient({ publishableKey, baseUrl }).identify();
        return "read";
      } catch (error) {
        return `${error.status}:${error.error}`;
      }
    }, { publishableKey: app.keys.live.publishable_key, baseUrl: service.url });
    assert.notEqual(outcome, "read");
  } finally {
    await other.close();
  }
});

test("passkeys in Chromium's virtual authenticator: register, sign in as multi-factor, remove", async () => {
  const ownSite = await freshSite();
  const pageOrigin = ownSite.origin;
  const tenant = `passkeys-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Passkeys" });
  const vault = await admin(service, "POST", "/api/v1/applications", { name: "Vault", allowed_origins: [pageOrigin],
    auth_methods: ["email_password", "passkey"] }, tenant);
  const tab = await browser.newPage();
  try {
    await tab.goto(`${pageOrigin}/`);
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: { protocol: "ctap2",
      transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
    const outcome = await tab.evaluate(async ({ publishableKey, baseUrl, email }) => {
      const { createBrowserClient } = await import("/client/browser.js");
      const owner = createBrowserClient({ publishableKey, baseUrl, storage: sessionStorage });
      await owner.auth.signup({ email, password: "correct horse battery staple" });
      const registered = await owner.auth.passkeys.register({ name: "This browser" });
      // another tab, nobody signed in: the browser offers the passkey, which proves the user
      const visitor = createBrowserClient({ publishableKey, baseUrl, storage: sessionStorage });
      const session = await visitor.auth.passkeys.signIn();
      const amr = JSON.parse(atob(session.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).amr;
      const listed = await owner.auth.passkeys.list();
      await owner.auth.passkeys.remove(registered.id);
      let afterRemoval;
      try {
        await createBrowserClient({ publishableKey, baseUrl, storage: sessionStorage }).auth.passkeys.signIn();
        afterRemoval = "signed in";
      } catch (error) {
        afterRemoval = `${error.status}:${error.error}`;
      }
      return { registered, me: (await visitor.auth.me()).email, amr, listed, afterRemoval };
    }, { publishableKey: vault.keys.live.publishable_key, baseUrl: service.url, email: `passkey-${Date.now()}@example.com` });
    assert.equal(outcome.registered.name, "This browser");
    assert.match(outcome.me, /^passkey-/);
    assert.deepEqual(outcome.amr, ["passkey", "mfa"]);
    assert.equal(outcome.listed.length, 1);
    assert.ok(outcome.listed[0].last_used_at, "the sign-in is recorded");
    assert.equal(outcome.afterRemoval, "401:invalid_credentials");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    assert.equal(credentials.length, 1, "one discoverable credential in the authenticator");
    assert.equal(credentials[0].rpId, "localhost");
  } finally {
    await tab.close();
    ownSite.close();
  }
});

test("social sign-in in the browser: signInWith, the provider, and completeSignIn with the tab's verifier", async () => {
  const ownSite = await freshSite();
  const donePage = `${ownSite.origin}/`;
  const tenant = `social-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Social" });
  const social = await admin(service, "POST", "/api/v1/applications", { name: "Social", allowed_origins: [ownSite.origin],
    auth_methods: ["oidc"], redirect_urls: [donePage] }, tenant);
  await admin(service, "PUT", `/api/v1/applications/${social.id}/auth-providers/live/oidc-acme`,
    { client_id: "browser-client", client_secret: "browser-secret", issuer: `${service.openIdProvider}acme` }, tenant);
  const settings = { publishableKey: social.keys.live.publishable_key, baseUrl: service.url };
  const tab = await browser.newPage();
  try {
    await tab.goto(donePage);
    // the page leaves for Latchkey, the provider (which signs in at once) and Latchkey again, then comes back
    const returned = tab.waitForURL((url) => url.searchParams.has("latchkey_code"));
    await tab.evaluate(async ({ settings, donePage }) => {
      const { createBrowserClient } = await import("/client/browser.js");
      await createBrowserClient(settings).auth.signInWith("oidc-acme", { redirectTo: donePage });
    }, { settings, donePage });
    await returned;
    const outcome = await tab.evaluate(async (settings) => {
      const { createBrowserClient } = await import("/client/browser.js");
      const lk = createBrowserClient(settings);
      const session = await lk.auth.completeSignIn();
      let again;
      try {
        await createBrowserClient(settings).auth.completeSignIn();
        again = "signed in";
      } catch (error) {
        again = error.error;
      }
      return { user: session.user, token: lk.auth.token === session.token, verifierLeft: sessionStorage.length, again };
    }, settings);
    assert.ok(outcome.token, "the session is kept");
    assert.ok(outcome.user.id);
    assert.equal(outcome.verifierLeft, 0, "the verifier is spent");
    assert.equal(outcome.again, "invalid_request", "the code answers once, and only with the tab's verifier");
  } finally {
    await tab.close();
    ownSite.close();
  }
});

/** Another server of the example page: an origin no earlier test made the service remember as unknown (for 30 s). */
async function freshSite() {
  const server = createServer(serveExample);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://localhost:${server.address().port}`, close: () => server.close() };
}


test("mailed links in the example page: verify the address, reset a forgotten password, sign in by magic link", async () => {
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  const tenant = `mail-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Mail" });
  const mailApp = await admin(service, "POST", "/api/v1/applications", { name: "Notes by mail", allowed_origins: [siteOrigin],
    auth_methods: ["email_password", "magic_link"] }, tenant);
  await admin(service, "PUT", `/api/v1/applications/${mailApp.id}/collections/notes`, { rls_enabled: true, read_access: "public" }, tenant);
  const pk = mailApp.keys.live.publishable_key;
  // the page mailed links open: the example page with its key, as a real app has it built in
  const pageUrl = `${siteOrigin}/?${new URLSearchParams({ key: pk, api: service.url })}`;
  await admin(service, "PATCH", `/api/v1/applications/${mailApp.id}`, { redirect_urls: [pageUrl] }, tenant);
  const email = `mail-${Date.now()}@example.com`;
  const signedIn = () => page.getByLabel("Note", { exact: true }).waitFor();

  // sign up, then follow the verification link the SMTP server received
  await page.goto(pageUrl);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("first password 1");
  await page.getByRole("button", { name: "Sign up" }).click();
  await signedIn();
  const [verification] = await mailsOf(service, email, 1);
  assert.match(verification.subject, /Confirm your e-mail for Notes by mail/);
  assert.ok(verification.html.includes("Notes by mail"), "the HTML part carries the application's name");
  assert.ok(!verification.text.includes("first password 1") && !verification.html.includes("first password 1"));
  await page.goto(linkIn(verification));
  await page.getByText("Your e-mail is verified.").waitFor();
  assert.ok(!page.url().includes("latchkey_token"), "the page drops the token from its address");

  // forget the password, reset it from the mailed link: the new one works, the old one not
  await page.goto(pageUrl);
  await page.getByLabel("Email for a link").fill(email);
  await page.getByRole("button", { name: "Forgot password" }).click();
  await page.getByText("If that address has an account, a link is on its way.").waitFor();
  const reset = (await mailsOf(service, email, 2)).find((mail) => mail.subject.startsWith("Reset"));
  await page.goto(linkIn(reset));
  await page.getByLabel("New password", { exact: true }).fill("second password 2");
  await page.getByRole("button", { name: "Set password" }).click();
  await signedIn();
  const login = (password) => fetch(`${service.url}/api/userAuth/login`, { method: "POST",
    headers: { "x-api-key": pk, "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  assert.equal((await login("first password 1")).status, 401);
  assert.equal((await login("second password 2")).status, 200);

  // a magic link signs in from a fresh browser
  const fresh = await browser.newPage();
  try {
    await fresh.goto(pageUrl);
    await fresh.getByLabel("Email for a link").fill(email);
    await fresh.getByRole("button", { name: "Email me a sign-in link" }).click();
    await fresh.getByText("If that address has an account, a link is on its way.").waitFor();
    const magic = (await mailsOf(service, email, 3)).find((mail) => mail.subject.startsWith("Your sign-in link"));
    await fresh.goto(linkIn(magic));
    await fresh.getByLabel("Note", { exact: true }).waitFor();
    assert.equal(await fresh.getByRole("alert").textContent(), "");
  } finally {
    await fresh.close();
  }
});

test("realtime in the page: an EventSource opened with a ticket, and a fetch stream with headers, both through CORS", async () => {
  await admin(service, "PATCH", `/api/v1/applications/${app.id}`,
    { realtime_rules: [{ pattern: "board", publish: "none", subscribe: "public" }] }, app.tenant_id);
  await page.evaluate(async ({ key, baseUrl }) => {
    const { createBrowserClient } = await import("/client/browser.js");
    const lk = createBrowserClient({ publishableKey: key, baseUrl });
    const ticket = await lk.realtime.ticket();
    const source = new EventSource(`${baseUrl}/api/realtime/stream?topics=board&ticket=${ticket}`);
    window.fromEventSource = new Promise((resolve, reject) => {
      source.addEventListener("message", (event) => { source.close(); resolve({ data: event.data, id: event.lastEventId }); });
      source.onerror = () => { if (source.readyState === EventSource.CLOSED) reject(new Error("EventSource failed")); };
    });
    window.fromFetch = new Promise((resolve) => {
      const subscription = lk.realtime.subscribe({ topics: ["board"] }, (event) => { subscription.close(); resolve(event); });
    });
    await Promise.race([new Promise((resolve) => source.addEventListener("open", resolve, { once: true })),
      new Promise((resolve, reject) => setTimeout(() => reject(new Error("the EventSource did not open within 10 s")), 10_000))]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the fetch stream too
  }, { key: app.keys.live.publishable_key, baseUrl: service.url });
  const published = await fetch(`${service.url}/api/realtime/publish`, { method: "POST",
    headers: { "x-api-key": app.keys.live.secret_key, "content-type": "application/json" },
    body: JSON.stringify({ topic: "board", payload: { text: "to every page" } }) });
  assert.equal(published.status, 202);
  const viaEventSource = await page.evaluate(() => window.fromEventSource);
  assert.deepEqual(JSON.parse(viaEventSource.data), { topic: "board", payload: { text: "to every page" } });
  assert.match(viaEventSource.id, /^\d+$/);
  assert.deepEqual(await page.evaluate(() => window.fromFetch), { type: "message", topic: "board", payload: { text: "to every page" } });
});
