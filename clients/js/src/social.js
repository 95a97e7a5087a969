// Social sign-in (CONTRACT section 14): the page's half of PKCE. The verifier never leaves the
// tab that started the sign-in; the service and the provider see only its S256 challenge.
import { LatchkeyError } from "./http.js";
import { base64url } from "./bytes.js";

const VERIFIER_KEY = "latchkey:code_verifier";

/**
 * `auth.signInWith` and `auth.completeSignIn`. `storage` keeps the verifier between the two pages
 * (default: the tab's sessionStorage).
 */
export function socialApi(http, publishableKey, signIn, storage) {
  const store = () => {
    const chosen = storage ?? globalThis.sessionStorage;
    if (!chosen) throw new TypeError("signInWith needs a storage for its code verifier: pass { storage } to createBrowserClient");
    return chosen;
  };
  // a new verifier waits in the tab's storage; the trip carries only its S256 challenge
  const challenge = async () => {
    const verifier = base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
    store().setItem(VERIFIER_KEY, verifier);
    return base64url(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  };
  const go = (url, navigate) => {
    if (navigate) globalThis.location.assign(url);
    return url;
  };
  return {
    /**
     * Sends the browser to the provider (`google`, `github`, `oidc-<name>`): through Latchkey,
     * back to `redirectTo` (one of the application's redirect_urls). With `navigate: false` it
     * only answers the URL.
     */
    async signInWith(provider, { redirectTo = globalThis.location?.href, navigate = true } = {}) {
      const query = new URLSearchParams({ publishable_key: publishableKey, redirect_to: redirectTo, code_challenge: await challenge() });
      return go(`${http.base}/api/userAuth/oauth/${encodeURIComponent(provider)}/authorize?${query}`, navigate);
    },
    /**
     * Sends the browser to the application's hosted sign-in page on Latchkey (CONTRACT section 15),
     * which comes back to `redirectTo` with a `latchkey_code` for `completeSignIn`.
     */
    async signInHosted({ redirectTo = globalThis.location?.href, navigate = true } = {}) {
      const { body: identity } = await http.json("POST", "/api/v1/auth/identify", { body: { publishable_key: publishableKey } });
      const query = new URLSearchParams({ redirect_to: redirectTo, code_challenge: await challenge() });
      return go(`${http.base}/auth/${identity.application_id}/${identity.environment}/sign-in?${query}`, navigate);
    },
    /** Whether this tab started a sign-in (social or hosted) that has not come back yet. */
    hasPendingSignIn() {
      return Boolean((storage ?? globalThis.sessionStorage)?.getItem(VERIFIER_KEY));
    },
    /**
     * On the page the provider (or the hosted sign-in page) returned to: exchanges `latchkey_code` with this tab's verifier and
     * keeps the session (or answers `{ mfa }`); null when the URL carries no sign-in. A refused
     * sign-in (`?error=`) throws a LatchkeyError with that error.
     */
    async completeSignIn(url = globalThis.location?.href) {
      const params = new URL(url).searchParams;
      const error = params.get("error");
      if (error) throw new LatchkeyError({ status: 0, error, message: `The sign-in was not completed: ${error}` });
      const code = params.get("latchkey_code");
      if (!code) return null;
      const verifier = store().getItem(VERIFIER_KEY);
      store().removeItem(VERIFIER_KEY);
      if (!verifier) {
        throw new LatchkeyError({ status: 0, error: "invalid_request",
          message: "No sign-in was started from this tab: its code verifier is missing" });
      }
      return signIn("/api/userAuth/oauth/exchange", { code, code_verifier: verifier });
    },
  };
}
