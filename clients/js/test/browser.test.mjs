// The browser entry point in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core): a page served from another origin loads src/browser.js as it is, and runs
// identify, signup, a row-level-security write and a data read against a packaged Latchkey,
// through real CORS (preflights included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { admin, startLatchkey } from "./service.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
let service;
let page;
let browser;
let site;
let app;

before(async () => {
  assert.ok(CHROMIUM, "Chromium is needed: apt-get install chromium (or set CHROMIUM_PATH)");
  site = createServer(async (request, response) => {
    if (request.url === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Notes</title><h1>Notes</h1>");
    } else if (/^\/client\/[a-z-]+\.js$/.test(request.url)) {
      const file = new URL(`../src/${request.url.slice("/client/".length)}`, import.meta.url);
      response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(file));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  service = await startLatchkey();
  const tenant = `browser-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Browser" });
  app = await admin(service, "POST", "/api/v1/applications", { name: "Notes in a browser", allowed_origins: [siteOrigin] }, tenant);
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

test("identify, signup, an RLS write and a read, from another origin, through CORS", async () => {
  const result = await page.evaluate(async ({ publishableKey, baseUrl }) => {
    const { createBrowserClient } = await import("/client/browser.js");
    const lk = createBrowserClient({ publishableKey, baseUrl });
    const identity = await lk.identify();
    const session = await lk.auth.signup({ email: `page-${Date.now()}@example.com`, password: "correct horse battery staple" });
    const note = await lk.data.create("notes", { title: "from the page" });
    const read = await lk.data.get("notes", note._id);
    const listed = await lk.data.list("notes", { limit: 10 });
    return { appName: identity.app_name, owner: note._owner, user: session.user.id, title: read.title, listed: listed.data.length };
  }, { publishableKey: app.keys.live.publishable_key, baseUrl: service.url });
  assert.equal(result.appName, "Notes in a browser");
  assert.equal(result.owner, result.user);
  assert.equal(result.title, "from the page");
  assert.ok(result.listed >= 1);
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
