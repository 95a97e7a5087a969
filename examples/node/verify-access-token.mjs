// How a serverless function verifies a Latchkey access token offline with @latchkey/client:
// the JWKS is fetched once per cold start and cached; every token is then checked in memory.
// A token must be meant for this API: `aud` is the Latchkey application id whose keys may call it,
// `env` the environment it serves, `type` the kind of key it accepts. Without those checks, a
// token minted by any other application (scope names are free text) or by a test key would pass.
//
//   npm install && node verify-access-token.mjs http://localhost:8080 "$APP_ID" "$ACCESS_TOKEN" links:write
//   (LATCHKEY_ENV=test for test keys, LATCHKEY_KEY_TYPE=pk for tokens of publishable keys)
import { verifyAccessToken } from "@latchkey/client";
import { pathToFileURL } from "node:url";

// the check itself is the client's (clients/js): aud, env, type, scopes, expiry, with the JWKS cached
export { verifyAccessToken };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [latchkeyUrl, audience, token, ...scopes] = process.argv.slice(2);
  try {
    const claims = await verifyAccessToken(token, {
      jwksUrl: new URL("/.well-known/jwks.json", latchkeyUrl).href,
      audience,
      environment: process.env.LATCHKEY_ENV ?? "live",
      type: process.env.LATCHKEY_KEY_TYPE ?? "sk",
      scopes,
    });
    console.log(JSON.stringify({ valid: true, key_id: claims.sub, application_id: claims.application_id,
      env: claims.env, type: claims.type, scopes: claims.scopes, expires_at: new Date(claims.exp * 1000) }));
  } catch (error) {
    console.log(JSON.stringify({ valid: false, reason: error.code ?? error.message }));
    process.exitCode = 1;
  }
}
