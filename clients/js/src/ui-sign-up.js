// <latchkey-sign-up> and <latchkey-reset-password>: a new account, and a new password where a reset link lands.
import { LatchkeyElement, field, h } from "./ui-base.js";
import { settle } from "./ui-mfa.js";
import { strings } from "./ui-strings.js";

/** Takes a reset link's token out of the address bar once it is spent, keeping the page's own parameters. */
export function forgetLink() {
  const url = new URL(globalThis.location.href);
  for (const name of ["latchkey_token", "type", "latchkey_code", "error"]) url.searchParams.delete(name);
  globalThis.history?.replaceState(null, "", url);
}

/** The new-password form of a reset link; the sign-in that follows settles in the element. */
export function newPasswordForm(element, token) {
  element.heading = strings.resetTitle;
  const form = h("form", { "aria-label": strings.resetTitle, onsubmit: async (event) => {
    event.preventDefault();
    const answer = await element.act(() => element.client.auth.resetPassword({ token, password: form.elements.password.value }));
    element.heading = undefined;
    if (answer !== undefined) forgetLink();
    await settle(element, answer);
  } }, field(strings.newPassword, { name: "password", type: "password", autocomplete: "new-password", minlength: "8", required: true }),
  h("button", { class: "primary", type: "submit" }, strings.setPassword));
  element.show(form);
}

export class SignUp extends LatchkeyElement {
  titleFor(app) {
    return strings.signUpTitle(app);
  }

  start() {
    if (!this.offers("email_password")) {
      this.show(h("p", {}, strings.errors.auth_method_disabled));
      return;
    }
    const form = h("form", { "aria-label": strings.signUp, onsubmit: async (event) => {
      event.preventDefault();
      const { email, password } = form.elements;
      await settle(this, await this.act(() => this.client.auth.signup({ email: email.value, password: password.value })));
    } }, field(strings.email, { name: "email", type: "email", autocomplete: "username", required: true }),
    field(strings.password, { name: "password", type: "password", autocomplete: "new-password", minlength: "8", required: true }),
    h("button", { class: "primary", type: "submit" }, strings.signUp));
    this.show(form);
  }
}

export class ResetPassword extends LatchkeyElement {
  titleFor() {
    return strings.resetTitle;
  }

  start() {
    const link = this.client.auth.linkIn();
    if (link?.type === "reset") newPasswordForm(this, link.token);
    else this.show(h("p", { role: "status" }, strings.linkInvalid));
  }
}
