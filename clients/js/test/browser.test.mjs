// The browser entry point in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core): the one-page example (examples/browser), served from another origin, loads
// src/browser.js as it is and, driven through its form, runs identify (branding applied), signup,
// a row-level-security write and a data read against a packaged Latchkey, through real CORS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
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
  await page.getByLabel("Email").fill(`page-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery staple");
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
