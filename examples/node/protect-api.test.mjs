// The example server against a packaged Latchkey (started by the client's test support): a key
// with the scope passes through verify, a token through the offline check, anything else is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createServerClient } from "@latchkey/client";
import { linksApi } from "./protect-api.mjs";
import { admin, startLatchkey } from "../../clients/js/test/service.mjs";

let service;
let api;
let app;
let bot;

before(async () => {
  service = await startLatchkey();
  const tenant = `example-${Date.now()}`;
  await admin(service, "POST", "/api/v1/tenants", { id: tenant, name: "Example" });
  app = await admin(service, "POST", "/api/v1/applications", { name: "Links", scopes: ["links:write", "links:read"] }, tenant);
  bot = await admin(service, "POST", `/api/v1/applications/${app.id}/keys`,
    { name: "bot", environment: "live", scopes: ["links:write"] }, tenant);
  const server = createServer(linksApi({ latchkeyUrl: service.url, secretKey: app.keys.live.secret_key, applicationId: app.id }));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  api = { server, url: `http://127.0.0.1:${server.address().port}/links` };
});

after(async () => {
  api?.server.close();
  await service?.stop();
});

const post = (headers) => fetch(api.url, { method: "POST", headers }).then(async (r) => ({ status: r.status, body: await r.json() }));

test("a key holding links:write is let in through verify", async () => {
  const answer = await post({ "x-api-key": bot.secret_key });
  assert.equal(answer.status, 201);
  assert.equal(answer.body.checked, "verify");
});

test("a key without the scope, and a made-up key, are refused", async () => {
  const reader = await admin(service, "POST", `/api/v1/applications/${app.id}/keys`,
    { name: "reader", environment: "live", scopes: ["links:read"] }, undefined);
  assert.deepEqual(await post({ "x-api-key": reader.secret_key }), { status: 401, body: { error: "INSUFFICIENT_SCOPES" } });
  assert.deepEqual(await post({ "x-api-key": "sk_live_made_up" }), { status: 401, body: { error: "INVALID" } });
  assert.equal((await post({})).status, 401);
});

test("an access token of the key is checked offline", async () => {
  // the bot's own side: Node's fetch would mark a secret key as a browser's, the client does not
  const token = await createServerClient({ secretKey: bot.secret_key, baseUrl: service.url }).auth.token();
  const answer = await post({ authorization: `Bearer ${token.access_token}` });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  assert.equal(answer.body.checked, "token");
});
