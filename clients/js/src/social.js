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
  return {
    /**
     * Sends the browser to the provider (`google`, `github`, `oidc-<name>`): through Latchkey,
     * back to `redirectTo` (one of the application's redirect_urls). With `navigate: false` it
     * only answers the URL.
     */
    async signInWith(provider, { redirectTo = globalThis.location?.href, navigate = true } = {}) {
      const verifier = base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
      const challenge = base64url(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
      store().setItem(VERIFIER_KEY, verifier);
      const query = new URLSearchParams({ publishable_key: publishableKey, redirect_to: redirectTo, code_challenge: challenge });
      const url = `${http.base}/api/userAuth/oauth/${encodeURIComponent(provider)}/authorize?${query}`;
      if (navigate) globalThis.location.assign(url);
      return url;
    },
    /**
     * On the page the provider returned to: exchanges `latchkey_code` with this tab's verifier and
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
