// @latchkey/client: the browser client (publishable key), the server client (secret key) and
// offline verification of access tokens (CONTRACT section 11).
export { createBrowserClient } from "./browser.js";
export { createServerClient } from "./server.js";
export { verifyAccessToken } from "./verify-access-token.js";
export { LatchkeyError } from "./http.js";
