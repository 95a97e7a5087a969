// How a serverless function verifies a Latchkey access token offline with `jose`:
// the JWKS is fetched once per cold start and cached; every token is then checked in memory.
//
//   npm install && node verify-access-token.mjs http://localhost:8080 "$ACCESS_TOKEN" links:write
import { createRemoteJWKSet, jwtVerify } from "jose";

const [latchkeyUrl, token, ...neededScopes] = process.argv.slice(2);
const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", latchkeyUrl));

export async function verifyAccessToken(accessToken, scopes = []) {
  const { payload } = await jwtVerify(accessToken, jwks, {
    issuer: "latchkey",
    algorithms: ["RS256", "ES256"],
    requiredClaims: ["sub", "application_id", "env", "type", "scopes", "exp"],
  });
  if (payload.token_use !== "access") throw new Error("not an access token");
  const missing = scopes.filter((scope) => !payload.scopes.includes(scope));
  if (missing.length > 0) throw new Error(`missing scopes: ${missing.join(", ")}`);
  return payload; // { sub: key id, application_id, tenant_id, env, type, scopes, permissions, exp, ... }
}

try {
  const claims = await verifyAccessToken(token, neededScopes);
  console.log(JSON.stringify({ valid: true, key_id: claims.sub, application_id: claims.application_id,
    env: claims.env, type: claims.type, scopes: claims.scopes, expires_at: new Date(claims.exp * 1000) }));
} catch (error) {
  console.log(JSON.stringify({ valid: false, reason: error.code ?? error.message }));
  process.exitCode = 1;
}
