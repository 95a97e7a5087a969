// Offline verification of Latchkey access tokens with `jose`: the JWKS is fetched once per
// process (and refetched by jose when a new key id appears); every token is then checked in memory.
import { createRemoteJWKSet, jwtVerify } from "jose";

const keySets = new Map();

/**
 * The claims of a genuine, current access token meant for `audience` (the Latchkey application
 * id), of the given environment and key type, holding every scope asked; throws otherwise.
 */
export async function verifyAccessToken(accessToken, { jwksUrl, audience, scopes = [], environment = "live", type = "sk" } = {}) {
  if (!jwksUrl) throw new TypeError("jwksUrl is required, such as https://keys.example.com/.well-known/jwks.json");
  if (!audience) throw new TypeError("audience (the Latchkey application id) is required");
  if (!keySets.has(jwksUrl)) keySets.set(jwksUrl, createRemoteJWKSet(new URL(jwksUrl)));
  const { payload } = await jwtVerify(accessToken, keySets.get(jwksUrl), {
    issuer: "latchkey",
    audience,
    algorithms: ["RS256", "ES256"],
    requiredClaims: ["sub", "aud", "application_id", "env", "type", "scopes", "exp"],
  });
  if (payload.token_use !== "access") throw new Error("not an access token");
  if (payload.env !== environment) throw new Error(`a ${payload.env} token, this API serves ${environment}`);
  if (payload.type !== type) throw new Error(`a token of a ${payload.type} key, this API takes ${type}`);
  const missing = scopes.filter((scope) => !payload.scopes.includes(scope));
  if (missing.length > 0) throw new Error(`missing scopes: ${missing.join(", ")}`);
  return payload;
}
