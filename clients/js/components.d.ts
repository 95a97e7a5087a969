// The sign-in components (CONTRACT section 15): `import "@latchkey/client/components"` defines
// <latchkey-sign-in>, <latchkey-sign-up>, <latchkey-reset-password> and <latchkey-user-button>.
import type { BrowserClient } from "./index";

/** Attributes: `publishable-key`, `base-url` (default: the page's origin), `redirect-to` (sign-in: where links and providers return). */
declare class LatchkeyElement extends HTMLElement {
  /** The client whose session the element keeps; shared by every element with the same key and base URL. */
  readonly client: BrowserClient;
}
export declare class SignIn extends LatchkeyElement {}
export declare class SignUp extends LatchkeyElement {}
export declare class ResetPassword extends LatchkeyElement {}
export declare class UserButton extends LatchkeyElement {}

/** Every word the elements show; replace some before they are drawn (functions receive the named parts). */
export declare const strings: Record<string, unknown> & { errors: Record<string, string> };
export declare function setStrings(overrides: Record<string, unknown>): void;
/** The page's client for a key and service, the one the elements use. */
export declare function clientFor(publishableKey: string, baseUrl: string): BrowserClient;

declare global {
  interface HTMLElementEventMap {
    "latchkey:signed-in": CustomEvent<{ user: { id: string; email: string | null }; client: BrowserClient }>;
    "latchkey:signed-out": CustomEvent<{ client: BrowserClient }>;
  }
}
