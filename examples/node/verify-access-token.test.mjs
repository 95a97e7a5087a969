// The offline verifier against tokens shaped as Latchkey signs them, with a JWKS served on
// loopback: only a token of the right application, environment and key type passes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { verifyAccessToken } from "./verify-access-token.mjs";

const APP = "0193a0b2-1111-7000-8000-000000000001";
const OTHER_APP = "0193a0b2-2222-7000-8000-000000000002";
let server;
let jwksUrl;
let privateKey;

before(async () => {
  const pair = await generateKeyPair("ES256");
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  server = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
});

after(() => server.close());

function token(claims, { issuer = "latchkey", expires = "15m" } = {}) {
  return new SignJWT({ application_id: APP, tenant_id: "acme", env: "live", type: "sk", scopes: ["links:write"],
    token_use: "access", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "k1" }).setIssuer(issuer).setSubject("key-1")
    .setAudience(claims.aud ?? APP).setIssuedAt().setExpirationTime(expires).sign(privateKey);
}

const mine = { audience: APP, environment: "live", type: "sk" };

test("a token of this application's live secret key passes, with its scopes", async () => {
  const claims = await verifyAccessToken(await token({}), { jwksUrl, ...mine, scopes: ["links:write"] });
  assert.equal(claims.sub, "key-1");
});

test("another application's token is refused, whatever its scopes", async () => {
  await assert.rejects(verifyAccessToken(await token({ aud: OTHER_APP, application_id: OTHER_APP }), { jwksUrl, ...mine }));
});

test("a test-environment token is refused by a live API", async () => {
  await assert.rejects(verifyAccessToken(await token({ env: "test" }), { jwksUrl, ...mine }), /test token/);
});

test("a publishable key's token is refused where secret keys are expected", async () => {
  await assert.rejects(verifyAccessToken(await token({ type: "pk" }), { jwksUrl, ...mine }), /pk key/);
});

test("a user token, a missing scope, a foreign issuer and an expired token are refused", async () => {
  await assert.rejects(verifyAccessToken(await token({ token_use: "user" }), { jwksUrl, ...mine }), /not an access token/);
  await assert.rejects(verifyAccessToken(await token({}), { jwksUrl, ...mine, scopes: ["links:delete"] }), /missing scopes/);
  await assert.rejects(verifyAccessToken(await token({}, { issuer: "elsewhere" }), { jwksUrl, ...mine }));
  await assert.rejects(verifyAccessToken(await token({}, { expires: Math.floor(Date.now() / 1000) - 60 }), { jwksUrl, ...mine }));
});

test("an audience is required", async () => {
  await assert.rejects(verifyAccessToken(await token({}), { jwksUrl }), /audience/);
});
