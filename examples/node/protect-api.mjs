// A Node.js server protecting its own API with Latchkey (the Linkbreakers pattern): each request
// carries a Latchkey key; the server asks Latchkey with its own secret key (`keys.verify`), or,
// for a caller holding a short-lived access token, checks the token offline (`verifyAccessToken`).
//
//   LATCHKEY_URL=http://localhost:8080 LATCHKEY_SECRET_KEY=sk_live_… LATCHKEY_APPLICATION_ID=… node protect-api.mjs
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { createServerClient, verifyAccessToken } from "@latchkey/client";

/** The request listener: `POST /links` needs the `links:write` scope, by key or by access token. */
export function linksApi({ latchkeyUrl, secretKey, applicationId }) {
  const latchkey = createServerClient({ secretKey, baseUrl: latchkeyUrl });
  const jwksUrl = new URL("/.well-known/jwks.json", latchkeyUrl).href;

  async function caller(request) {
    const key = request.headers["x-api-key"];
    if (key) {
      const verdict = await latchkey.keys.verify(key, { scopes: ["links:write"], ip: request.socket.remoteAddress });
      return verdict.valid ? { keyId: verdict.key_id ?? null, via: "verify" } : { refused: verdict.code };
    }
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    if (bearer) {
      try {
        const claims = await verifyAccessToken(bearer, { jwksUrl, audience: applicationId, scopes: ["links:write"] });
        return { keyId: claims.sub, via: "token" };
      } catch (error) {
        return { refused: error.message };
      }
    }
    return { refused: "MISSING_CREDENTIALS" };
  }

  return async (request, response) => {
    if (request.method !== "POST" || request.url !== "/links") {
      return response.writeHead(404).end();
    }
    const who = await caller(request).catch((error) => ({ refused: error.error ?? "LATCHKEY_UNREACHABLE" }));
    if (who.refused) {
      return response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: who.refused }));
    }
    response.writeHead(201, { "content-type": "application/json" })
      .end(JSON.stringify({ created: true, by: who.keyId, checked: who.via }));
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(linksApi({ latchkeyUrl: process.env.LATCHKEY_URL, secretKey: process.env.LATCHKEY_SECRET_KEY,
    applicationId: process.env.LATCHKEY_APPLICATION_ID })).listen(port, () => console.log(`links API on :${port}`));
}
