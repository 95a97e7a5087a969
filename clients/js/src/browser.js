// The browser entry point: a publishable key only. No dependency, so a page can load this file
// as an ES module as it is.
import { keyType, LatchkeyError, transport, withoutSuccess } from "./http.js";
import { dataApi } from "./data.js";

export { LatchkeyError };

/**
 * A client for browsers and mobile apps, with the application's publishable key. A secret key is
 * refused before any request: it must never reach a browser.
 */
export function createBrowserClient({ publishableKey, baseUrl, ...options }) {
  if (keyType(publishableKey) !== "pk") {
    throw new LatchkeyError({ status: 0, error: "invalid_api_key", message: keyType(publishableKey) === "sk"
      ? "A secret key (sk_) must never be used in a browser: use the publishable key (pk_) here, and keep the secret key on your server"
      : "publishableKey must be a publishable key (pk_live_… or pk_test_…)" });
  }
  const http = transport({ baseUrl, key: publishableKey, ...options });
  let userToken = null;
  let identified = null;
  let etag = null;

  return {
    /**
     * The application's public configuration. Fetched once, then served from memory; with
     * `{ revalidate: true }` it asks again with the ETag and keeps the copy when unchanged (304).
     */
    async identify({ revalidate = false } = {}) {
      if (identified && !revalidate) return identified;
      const { response, body } = await http.json("POST", "/api/v1/auth/identify",
        { body: { publishable_key: publishableKey }, headers: etag && identified ? { "if-none-match": etag } : {} });
      if (response.status !== 304) {
        identified = withoutSuccess(body);
        etag = response.headers.get("etag");
      }
      return identified;
    },
    data: dataApi(http, () => userToken),
    auth: endUserAuth(http, () => userToken, (token) => { userToken = token; }),
  };
}

/** Signup and login keep the end user's token, which every later call sends with the key. */
export function endUserAuth(http, token, keep) {
  const session = async (path, credentials) => {
    const answer = withoutSuccess((await http.json("POST", path, { body: credentials })).body);
    keep(answer.token);
    return answer;
  };
  return {
    /** `{ token, user: { id, email } }`. */
    signup: ({ email, password }) => session("/api/userAuth/signup", { email, password }),
    login: ({ email, password }) => session("/api/userAuth/login", { email, password }),
    /** The signed-in end user: `{ id, email, ... }`. */
    async me() {
      return (await http.json("GET", "/api/userAuth/me", { token: token() })).body.user;
    },
    logout() {
      keep(null);
    },
    /** The end user's token, or null when nobody is signed in. */
    get token() {
      return token();
    },
  };
}
