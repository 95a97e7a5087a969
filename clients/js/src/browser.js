// The browser entry point: a publishable key only. No dependency, so a page can load this file
// as an ES module as it is.
import { keyType, LatchkeyError, transport, withoutSuccess } from "./http.js";
import { dataApi } from "./data.js";
import { mfaApi } from "./mfa.js";
import { passkeysApi } from "./passkeys.js";
import { socialApi } from "./social.js";
import { realtimeApi } from "./realtime.js";

export { LatchkeyError };

/**
 * A client for browsers and mobile apps, with the application's publishable key. A secret key is
 * refused before any request: it must never reach a browser.
 */
export function createBrowserClient({ publishableKey, baseUrl, refreshAhead = 60, storage, ...options }) {
  if (keyType(publishableKey) !== "pk") {
    throw new LatchkeyError({ status: 0, error: "invalid_api_key", message: keyType(publishableKey) === "sk"
      ? "A secret key (sk_) must never be used in a browser: use the publishable key (pk_) here, and keep the secret key on your server"
      : "publishableKey must be a publishable key (pk_live_… or pk_test_…)" });
  }
  const http = transport({ baseUrl, key: publishableKey, ...options });
  const auth = endUserAuth(http, refreshAhead, { publishableKey, storage });
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
    data: dataApi(http, auth.currentToken),
    realtime: realtimeApi(http, auth.currentToken),
    auth: auth.api,
  };
}

/**
 * The end user's session (CONTRACT section 13). Sign-ins keep it; a user token due to expire
 * within `refreshAhead` seconds is refreshed before the call that needs it, one refresh at a time.
 */
function endUserAuth(http, refreshAhead, { publishableKey, storage }) {
  let session = null;
  let refreshing = null;
  const keep = (answer) => {
    // a signup that must verify its address first, or a sign-in with a second factor due, answers no session
    if (!answer.token) return answer;
    session = { token: answer.token, refreshToken: answer.refresh_token, expiresAt: Date.now() + answer.expires_in * 1000 };
    return answer;
  };
  const signIn = async (path, body) => keep(withoutSuccess((await http.json("POST", path, { body })).body));
  const refresh = () => {
    if (!session) {
      return Promise.reject(new LatchkeyError({ status: 0, error: "invalid_token", message: "Nobody is signed in" }));
    }
    refreshing ??= signIn("/api/userAuth/refresh", { refresh_token: session.refreshToken })
      .catch((error) => {
        if (error.status === 401) session = null; // the session has ended
        throw error;
      })
      .finally(() => { refreshing = null; });
    return refreshing;
  };
  const currentToken = async () => {
    if (session && session.expiresAt - Date.now() < refreshAhead * 1000) await refresh();
    return session?.token ?? null;
  };
  const withUser = async (method, path, body) => (await http.json(method, path, { body, token: await currentToken() })).body;

  return {
    currentToken,
    api: {
      /**
       * `{ token, expires_in, refresh_token, session_id, user: { id, email, email_verified, created_at } }`,
       * or `{ mfa: { challenge_token, methods, enroll } }` when a second factor is due (see `mfa`).
       */
      signup: ({ email, password }) => signIn("/api/userAuth/signup", { email, password }),
      login: ({ email, password }) => signIn("/api/userAuth/login", { email, password }),
      /** A new user token and refresh token for the session (done by itself before a token expires). */
      refresh,
      /** Mails the signed-in user a link that verifies the address. */
      async sendVerification() {
        await withUser("POST", "/api/userAuth/email/verify/send");
      },
      /** Spends a verification link's token: the user, now with `email_verified: true`. */
      async verifyEmail({ token }) {
        return (await http.json("POST", "/api/userAuth/email/verify", { body: { token } })).body.user;
      },
      /** Mails a reset link if the address has an account (the answer never says). */
      async forgotPassword({ email, redirectTo }) {
        await http.json("POST", "/api/userAuth/password/forgot", { body: { email, redirect_to: redirectTo } });
      },
      /** Spends a reset link's token: a new password and a new session; every other session of the user ends. */
      resetPassword: ({ token, password }) => signIn("/api/userAuth/password/reset", { token, password }),
      /** Mails a sign-in link (creating the user on first use unless `createUser: false`). */
      async magicLink({ email, redirectTo, createUser }) {
        await http.json("POST", "/api/userAuth/magic-link", { body: { email, redirect_to: redirectTo, create_user: createUser } });
      },
      /** Spends a sign-in link's token: a session. */
      verifyMagicLink: ({ token }) => signIn("/api/userAuth/magic-link/verify", { token }),
      /**
       * Bring your own auth: a JWT of one of the application's `external_issuers` (Auth0, Clerk,
       * Firebase, Cognito, any OpenID provider) for a Latchkey session of the user it names.
       */
      exchange: (token) => signIn("/api/userAuth/exchange", { token }),
      /**
       * The link a mail opened, if this page is one: `{ type: "verify" | "reset" | "magic_link", token }`, or null.
       * Spending it is the page's choice (a reset needs the new password first).
       */
      linkIn(url = globalThis.location?.href) {
        const params = url ? new URL(url).searchParams : new URLSearchParams();
        const token = params.get("latchkey_token");
        return token ? { type: params.get("type"), token } : null;
      },
      /** The signed-in end user: `{ id, email, ..., factors: { totp, passkeys } }` (its second factors). */
      async me() {
        const { user, factors } = await withUser("GET", "/api/userAuth/me");
        return { ...user, factors };
      },
      /** The user's live sessions: `[{ id, created_at, last_used_at, ip, user_agent, current }]`. */
      async sessions() {
        return (await withUser("GET", "/api/userAuth/sessions")).data;
      },
      /** Ends this session on the server (with `{ all: true }` every session of the user), then forgets it. */
      async logout({ all = false } = {}) {
        try {
          if (session) await withUser("POST", "/api/userAuth/logout", { all });
        } finally {
          session = null; // forgotten here whatever the service answered (a session that had ended answers 401)
        }
      },
      mfa: mfaApi(http, signIn, withUser),
      passkeys: passkeysApi(http, signIn, withUser),
      ...socialApi(http, publishableKey, signIn, storage),
      /** The end user's token, or null when nobody is signed in. */
      get token() {
        return session?.token ?? null;
      },
    },
  };
}
