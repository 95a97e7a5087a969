// The rule for "sent by a browser" (CONTRACT section 4), checked with the clients people use, not
// ours: a secret key sent from every server runtime (Node's own fetch, node:http, curl, Python's
// urllib, Java's HttpClient, Go's net/http) is accepted and never marked exposed; the same kind
// of key sent by headless Chromium (fetch and XMLHttpRequest from a page of another origin, fetch
// from a same-origin page over http://localhost) is refused with a 401 the page can read, and
// marked exposed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { admin, startLatchkey } from "./service.mjs";

const run = promisify(execFile);
const here = fileURLToPath(new URL("./runtimes/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const JAVA = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : "java";
let service;
let tenant;
let app;
let browser;
let site;

before(async () => {
  assert.ok(CHROMIUM, "Chromium is needed: apt-get install chromium (or set CHROMIUM_PATH)");
  service = await startLatchkey();
  tenant = `runtimes-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Runtimes" });
  site = http.createServer((request, response) => response.end("<!doctype html><title>another origin</title>"));
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  // the page's origin is the application's own frontend (its publishable key's allowed origin), so
  // the browser's preflight passes and the secret key reaches the service, as in the mistake
  // this rule catches; from an origin no application allows, the preflight fails and the key is
  // never sent at all
  app = await admin(service, "POST", "/api/v1/applications", { name: "Runtimes",
    allowed_origins: [`http://127.0.0.1:${site.address().port}`] }, tenant);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  site?.close();
  await service?.stop();
});

async function newSecretKey(name) {
  return admin(service, "POST", `/api/v1/applications/${app.id}/keys`, { name, environment: "live" }, tenant);
}

async function exposedAt(keyId) {
  const keys = await admin(service, "GET", `/api/v1/applications/${app.id}/keys`, undefined, tenant);
  return keys.data.find((key) => key.id === keyId).exposed_at;
}

// the refusal is answered first and the key marked after it, off the request (leak/ExposedKeys)
async function exposedWithin(keyId, milliseconds = 5000) {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const at = await exposedAt(keyId);
    if (at || Date.now() > deadline) return at;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function nodeHttpStatus(url, key) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "x-api-key": key } }, (answer) => {
      answer.resume();
      answer.on("end", () => resolve(answer.statusCode));
    }).on("error", reject);
  });
}

test("every server runtime may send a secret key, and none marks it exposed", async () => {
  const key = await newSecretKey("servers");
  const url = `${service.url}/api/v1/keys/self`;
  const statuses = {
    "Node.js fetch": (await fetch(url, { headers: { "x-api-key": key.secret_key } })).status,
    "node:http": await nodeHttpStatus(url, key.secret_key),
    curl: Number((await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", `x-api-key: ${key.secret_key}`, url])).stdout),
    "Python urllib": Number((await run("python3", [`${here}probe.py`, url, key.secret_key])).stdout.trim()),
    "Java HttpClient": Number((await run(JAVA, [`${here}Probe.java`, url, key.secret_key])).stdout.trim()),
    "Go net/http": Number((await run("go", ["run", `${here}probe.go`, url, key.secret_key], {
      env: { ...process.env, GOFLAGS: "-mod=mod", GO111MODULE: "off" } })).stdout.trim()),
  };
  assert.deepEqual(statuses, Object.fromEntries(Object.keys(statuses).map((runtime) => [runtime, 200])));
  assert.equal(await exposedAt(key.id), null, "no server runtime is taken for a browser");
});

test("a browser's fetch and XMLHttpRequest from another origin are refused, readably, and expose the key", async () => {
  const key = await newSecretKey("cross-origin page");
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${site.address().port}/`);
  const answers = await page.evaluate(async ({ url, secret }) => {
    const fetched = await fetch(url, { headers: { "x-api-key": secret } });
    const viaXhr = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("GET", url);
      xhr.setRequestHeader("x-api-key", secret);
      xhr.onload = () => resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) });
      xhr.onerror = () => resolve({ status: 0 });
      xhr.send();
    });
    return [{ status: fetched.status, body: await fetched.json() }, viaXhr];
  }, { url: `${service.url}/api/v1/keys/self`, secret: key.secret_key });
  await page.close();
  for (const answer of answers) {
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error, "secret_key_in_browser");
  }
  assert.ok(await exposedWithin(key.id), "marked exposed");
});

test("a same-origin page over http://localhost is a browser too", async () => {
  const key = await newSecretKey("same-origin page");
  const page = await browser.newPage();
  const local = service.url.replace("127.0.0.1", "localhost");
  await page.goto(`${local}/console`);
  const answer = await page.evaluate(async (secret) => {
    const response = await fetch("/api/v1/keys/self", { headers: { "x-api-key": secret } });
    return { status: response.status, body: await response.json() };
  }, key.secret_key);
  await page.close();
  assert.equal(answer.status, 401);
  assert.equal(answer.body.error, "secret_key_in_browser");
  assert.ok(await exposedWithin(key.id), "marked exposed");
});
