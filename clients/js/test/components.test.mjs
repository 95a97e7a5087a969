// The sign-in components (CONTRACT section 15) in headless Chromium, on the example page
// (examples/sign-in): exactly the application's methods, branded; each method end to end through
// the element (password, magic link read from the service's SMTP server, social through the
// test's OpenID provider, TOTP enrolment and challenge with codes from the otpauth package, a
// passkey in the virtual authenticator); axe-core on every state; screenshots at 1280 and 390 px;
// no console errors; and the components' size, gzipped, within budget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import * as OTPAuth from "otpauth";
import { admin, startLatchkey } from "./service.mjs";
import { linkIn, mailsOf } from "./mail.mjs";
import { serveExample } from "../../../examples/browser/serve.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = fileURLToPath(new URL("../../../target/screenshots/", import.meta.url));
/** The budgets, gzipped: the components' own files, and all a page loads for them (with the browser client they run on). */
const COMPONENTS_BUDGET = 12 * 1024;
const PAGE_BUDGET = 24 * 1024;
const PASSWORD = "correct horse battery staple";
let service;
let browser;
let site;
let origin;
let tenant;

before(async () => {
  assert.ok(CHROMIUM, "Chromium is needed: apt-get install chromium (or set CHROMIUM_PATH)");
  mkdirSync(SCREENSHOTS, { recursive: true });
  site = createServer(serveExample);
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  origin = `http://localhost:${site.address().port}`;
  service = await startLatchkey();
  tenant = `components-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Components" });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  site?.close();
  await service?.stop();
});

/** An application whose pages are this site's, with a notes collection each user reads alone. */
async function application(fields) {
  const app = await admin(service, "POST", "/api/v1/applications", { allowed_origins: [origin], redirect_urls: [`${origin}/sign-in`],
    ...fields }, tenant);
  await admin(service, "PUT", `/api/v1/applications/${app.id}/collections/notes`, { rls_enabled: true, read_access: "owner" }, tenant);
  return app;
}

/** A user with a note of their own, signed up through the API. */
async function member(app) {
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const call = (path, body, token) => fetch(`${service.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: {
    "x-api-key": app.keys.live.publishable_key, "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } })
    .then((r) => r.json());
  const session = await call("/api/userAuth/signup", { email, password: PASSWORD });
  if (session.token) await call("/api/data/notes", { title: `note of ${email}` }, session.token);
  return email;
}

/** The example page in a new tab; its console errors are collected, its states checked by axe-core. */
async function examplePage(app, { width = 1280 } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.errors = [];
  page.on("console", (message) => message.type() === "error" && page.errors.push(message.text()));
  page.on("pageerror", (error) => page.errors.push(error.message));
  // axe-core in every document the tab opens, before the page's own scripts (a page's CSP does not apply to it)
  await page.addInitScript({ path: AXE });
  const query = new URLSearchParams({ key: app.keys.live.publishable_key, api: service.url });
  await page.goto(`${origin}/sign-in?${query}`);
  await page.getByRole("heading", { name: `Sign in to ${app.name}` }).waitFor();
  return page;
}

/** No serious or critical axe-core violation in the page as it is now (shadow roots included). */
async function accessible(page, state) {
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`));
  assert.deepEqual(violations, [], `axe-core, ${state}`);
}

async function signInWithPassword(page, email) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signedIn(page, email) {
  await page.getByText(`Signed in as ${email}`).first().waitFor();
  await page.getByRole("list", { name: "My notes" }).getByText(`note of ${email}`).waitFor();
}

function noErrors(page) {
  assert.deepEqual(page.errors, [], "no console errors");
}

test("exactly the application's methods, in its colours, at 1280 and 390 px", async () => {
  const app = await application({ name: "Atlas", auth_methods: ["email_password", "magic_link", "oidc", "passkey"],
    branding: { primary_color: "#aa0000" } });
  await admin(service, "PUT", `/api/v1/applications/${app.id}/auth-providers/live/oidc-acme`,
    { client_id: "components", client_secret: "components-secret", issuer: `${service.openIdProvider}acme` }, tenant);
  for (const width of [1280, 390]) {
    const page = await examplePage(app, { width });
    for (const name of ["Sign in", "Email me a sign-in link", "Continue with Acme", "Sign in with a passkey"]) {
      await page.getByRole("button", { name, exact: true }).waitFor();
    }
    assert.equal(await page.getByRole("button", { name: "Continue with Google" }).count(), 0, "no provider the application lacks");
    const colour = await page.getByRole("button", { name: "Sign in", exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(colour, "rgb(170, 0, 0)");
    const fits = await page.locator("latchkey-sign-in").evaluate((element) => element.getBoundingClientRect().right <= innerWidth);
    assert.ok(fits, `the element fits ${width} px`);
    await accessible(page, `the methods at ${width} px`);
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-${width}.png`, fullPage: true });
    noErrors(page);
    await page.close();
  }

  const linksOnly = await application({ name: "Postbox", auth_methods: ["magic_link"] });
  const page = await examplePage(linksOnly);
  await page.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
  assert.equal(await page.getByLabel("Password").count(), 0);
  assert.equal(await page.getByRole("button").count(), 1, "one method, one button");
  noErrors(page);
  await page.close();
});

test("a password sign-in keeps the session, shows the user's notes and the user button, which signs out", async () => {
  const app = await application({ name: "Ledger", auth_methods: ["email_password"] });
  const email = await member(app);
  const page = await examplePage(app);
  await signInWithPassword(page, email);
  await signedIn(page, email);
  await page.locator("latchkey-user-button").getByRole("button", { name: `Signed in as ${email}` }).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).waitFor();
  await accessible(page, "the account panel");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // nobody is signed in: the user button is empty, the element offers the methods again
  await page.locator("latchkey-user-button").getByRole("button").first().waitFor({ state: "detached" });
  await page.getByLabel("Password").waitFor();
  noErrors(page);
  await page.close();
});

test("a magic link: asked for in the element, read from the mail, finished by the element", async () => {
  const app = await application({ name: "Courier", auth_methods: ["email_password", "magic_link"] });
  const email = await member(app);
  const page = await examplePage(app);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByText(`We sent a sign-in link to ${email}`).waitFor();
  await accessible(page, "a link on its way");
  const mail = (await mailsOf(service, email, 2)).find((m) => m.subject.startsWith("Your sign-in link"));
  await page.goto(linkIn(mail));
  await signedIn(page, email);
  assert.ok(!page.url().includes("latchkey_token"), "the spent link is off the address bar");
  noErrors(page);
  await page.close();
});

test("sign-up that must verify its address, the verification link, and a forgotten password, all through the elements", async () => {
  const app = await application({ name: "Ledgerline", auth_methods: ["email_password"], email_verification: "required" });
  const email = `fresh-${Date.now()}@example.com`;
  const page = await examplePage(app);
  await page.evaluate(() => {
    const signIn = document.querySelector("latchkey-sign-in");
    const signUp = document.createElement("latchkey-sign-up");
    for (const name of ["publishable-key", "base-url"]) signUp.setAttribute(name, signIn.getAttribute(name));
    signIn.before(signUp);
  });
  const signUp = page.locator("latchkey-sign-up");
  await signUp.getByLabel("Email").fill(email);
  await signUp.getByLabel("Password").fill(PASSWORD);
  await signUp.getByRole("button", { name: "Create account" }).click();
  await signUp.getByText("Check your mail to verify your address").waitFor();
  await accessible(page, "sign-up, waiting for the address");

  const verification = (await mailsOf(service, email, 1)).find((m) => m.subject.startsWith("Confirm your e-mail"));
  await page.goto(linkIn(verification));
  await page.getByText("Your address is verified").waitFor();
  await signInWithPassword(page, email);
  await page.getByText(`Signed in as ${email}`).first().waitFor();

  const fresh = await examplePage(app);
  await fresh.getByRole("button", { name: "Forgot your password?" }).click();
  await fresh.getByLabel("Email").fill(email);
  await fresh.getByRole("button", { name: "Email me a reset link" }).click();
  await fresh.getByText(`If ${email} has an account`).waitFor();
  const reset = (await mailsOf(service, email, 2)).find((m) => m.subject.startsWith("Reset your"));
  await fresh.goto(linkIn(reset));
  await fresh.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await accessible(fresh, "a new password");
  await fresh.getByLabel("New password", { exact: true }).fill("another horse battery staple");
  await fresh.getByRole("button", { name: "Set password" }).click();
  await fresh.getByText(`Signed in as ${email}`).first().waitFor();
  assert.ok(!fresh.url().includes("latchkey_token"), "the spent link is off the address bar");
  noErrors(page);
  noErrors(fresh);
  await page.close();
  await fresh.close();
});

test("social sign-in: the element's button, the provider, and back to the element", async () => {
  const app = await application({ name: "Atrium", auth_methods: ["oidc"] });
  await admin(service, "PUT", `/api/v1/applications/${app.id}/auth-providers/live/oidc-acme`,
    { client_id: "components", client_secret: "components-secret", issuer: `${service.openIdProvider}acme` }, tenant);
  const page = await examplePage(app);
  await page.getByRole("button", { name: "Continue with Acme" }).click();
  await page.getByText(/^Signed in as /).first().waitFor();
  assert.ok(!page.url().includes("latchkey_code"), "the spent code is off the address bar");
  noErrors(page);
  await page.close();
});

test("TOTP: enrolment with a QR code where the application requires it, then a challenge met with a recovery code", async () => {
  const app = await application({ name: "Vault", auth_methods: ["email_password"], mfa_required: true });
  const email = await member(app);
  const page = await examplePage(app);
  await signInWithPassword(page, email);
  await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
  await accessible(page, "TOTP enrolment");
  const secret = await page.locator("latchkey-sign-in").locator("code").textContent();
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  await page.getByLabel("Code", { exact: true }).fill(totp.generate());
  await page.getByRole("button", { name: "Confirm" }).click();
  const codes = page.getByRole("list", { name: "Keep your recovery codes" }).getByRole("listitem");
  await codes.first().waitFor();
  const recoveryCode = await codes.first().textContent();
  await accessible(page, "recovery codes");
  // the confirming code is spent: the step after it completes the sign-in
  await page.getByLabel("Code", { exact: true }).fill(totp.generate({ timestamp: Date.now() + totp.period * 1000 }));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByText(`Signed in as ${email}`).first().waitFor();
  await page.close();

  const again = await examplePage(app);
  await signInWithPassword(again, email);
  await again.getByRole("heading", { name: "Two-step verification" }).waitFor();
  await accessible(again, "the MFA challenge");
  await again.getByLabel("Code", { exact: true }).fill(recoveryCode);
  await again.getByRole("button", { name: "Verify" }).click();
  await again.getByText(`Signed in as ${email}`).first().waitFor();
  noErrors(again);
  await again.close();
});

test("a passkey added from the user button signs in from the element", async () => {
  const app = await application({ name: "Keyring", auth_methods: ["email_password", "passkey"] });
  const email = await member(app);
  const page = await examplePage(app);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", { options: { protocol: "ctap2", transport: "internal", hasResidentKey: true,
    hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  await signInWithPassword(page, email);
  await signedIn(page, email);
  await page.locator("latchkey-user-button").getByRole("button", { name: `Signed in as ${email}` }).click();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByRole("button", { name: "Remove passkey Passkey" }).waitFor();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await signedIn(page, email);
  noErrors(page);
  await page.close();
});

test("the hosted sign-in page: from the application's page and back with a code for its verifier, at 1280 and 390 px", async () => {
  const app = await application({ name: "Harbour", auth_methods: ["email_password", "magic_link"], branding: { primary_color: "#0f766e" } });
  const email = await member(app);
  const page = await examplePage(app);
  const hosted = page.waitForURL((url) => url.pathname === `/auth/${app.id}/live/sign-in`);
  await page.evaluate(async () => {
    const { clientFor } = await import("/client/components.js");
    const element = document.querySelector("latchkey-sign-in");
    await clientFor(element.getAttribute("publishable-key"), element.getAttribute("base-url")).auth
      .signInHosted({ redirectTo: `${location.origin}/sign-in` });
  });
  await hosted;
  await page.getByRole("heading", { name: "Sign in to Harbour" }).waitFor();
  await accessible(page, "the hosted page");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${SCREENSHOTS}hosted-sign-in-${width}.png` });
  }
  await signInWithPassword(page, email);
  await page.waitForURL((url) => url.origin === origin);
  await signedIn(page, email);
  noErrors(page);
  await page.close();
});

test("the components' JavaScript stays within its size budget", () => {
  const files = ["components.js", "ui-base.js", "ui-strings.js", "ui-mfa.js", "ui-sign-in.js", "ui-sign-up.js", "ui-user-button.js",
    "browser.js", "http.js", "bytes.js", "data.js", "mfa.js", "passkeys.js", "social.js", "realtime.js"];
  const gzipped = (names) => names.reduce((total, name) => total + gzipSync(readFileSync(new URL(`../src/${name}`, import.meta.url))).length, 0);
  const components = gzipped(files.filter((name) => name === "components.js" || name.startsWith("ui-")));
  const total = gzipped(files);
  console.log(`components: ${components} bytes gzipped (budget ${COMPONENTS_BUDGET}); with the browser client: ${total} (budget ${PAGE_BUDGET})`);
  assert.ok(components <= COMPONENTS_BUDGET, `the components: ${components} bytes gzipped, over ${COMPONENTS_BUDGET}`);
  assert.ok(total <= PAGE_BUDGET, `with the browser client: ${total} bytes gzipped, over ${PAGE_BUDGET}`);
});
