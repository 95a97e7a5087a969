// The server entry point: a secret key, which stays on servers.
import { keyType, LatchkeyError, transport, withoutSuccess } from "./http.js";
import { dataApi } from "./data.js";
import { realtimeApi } from "./realtime.js";

/** A client for servers and serverless functions, with a secret key. */
export function createServerClient({ secretKey, baseUrl, ...options }) {
  if (keyType(secretKey) !== "sk") {
    throw new LatchkeyError({ status: 0, error: "invalid_api_key", message: "secretKey must be a secret key (sk_live_… or sk_test_…)" });
  }
  // the runtime's own fetch (Node's sends Sec-Fetch-Mode, which the contract does not take for a browser)
  const http = transport({ baseUrl, key: secretKey, ...options });
  return {
    keys: {
      /**
       * Judges a key presented to your own API: the verify answer (`valid`, `code`, scopes,
       * permissions, credits, ...). An invalid key is an answer (`valid: false`), not an error.
       */
      async verify(key, { scopes, origin, ip, cost } = {}) {
        return withoutSuccess((await http.json("POST", "/api/v1/keys/verify", { body: { key, scopes, origin, ip, cost } })).body);
      },
      /** What this client's own key is and may do. */
      async self() {
        return withoutSuccess((await http.json("GET", "/api/v1/keys/self")).body);
      },
    },
    auth: {
      /** `{ access_token, token_type, expires_in }`: a short-lived token for your own APIs to check offline. */
      async token() {
        return withoutSuccess((await http.json("POST", "/api/v1/auth/token", { body: {} })).body);
      },
    },
    data: dataApi(http),
    realtime: realtimeApi(http),
  };
}
