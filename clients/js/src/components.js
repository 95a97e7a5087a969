// The sign-in components (CONTRACT section 15): standard custom elements, no framework and no
// build step. `import "@latchkey/client/components"` defines them; setStrings translates them.
import { ResetPassword, SignUp } from "./ui-sign-up.js";
import { SignIn } from "./ui-sign-in.js";
import { UserButton } from "./ui-user-button.js";

export { setStrings, strings } from "./ui-strings.js";
export { clientFor } from "./ui-base.js";
export { SignIn, SignUp, ResetPassword, UserButton };

const elements = { "latchkey-sign-in": SignIn, "latchkey-sign-up": SignUp, "latchkey-reset-password": ResetPassword,
  "latchkey-user-button": UserButton };
for (const [name, element] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, element);
}
