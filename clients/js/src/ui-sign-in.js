// <latchkey-sign-in>: exactly the application's sign-in methods, from identify's configuration.
import { LatchkeyElement, field, h } from "./ui-base.js";
import { settle } from "./ui-mfa.js";
import { forgetLink, newPasswordForm } from "./ui-sign-up.js";
import { describe, providerName, strings } from "./ui-strings.js";

export class SignIn extends LatchkeyElement {
  titleFor(app) {
    return strings.signInTitle(app);
  }

  async start() {
    this.onSignedOut ??= ({ detail }) => detail?.client === this.client && this.choices();
    globalThis.document.addEventListener("latchkey:signed-out", this.onSignedOut);
    const auth = this.client.auth;
    const here = new URL(globalThis.location.href).searchParams;
    const link = auth.linkIn();
    // the page a provider, the hosted page or a mailed link returned to finishes that step
    if (here.has("latchkey_code") || (here.has("error") && auth.hasPendingSignIn())) return this.resume(() => auth.completeSignIn());
    if (link?.type === "magic_link") return this.resume(() => auth.verifyMagicLink({ token: link.token }));
    if (link?.type === "reset") return newPasswordForm(this, link.token);
    if (link?.type === "verify") return this.verifyAddress(link.token);
    return this.choices();
  }

  disconnectedCallback() {
    globalThis.document.removeEventListener("latchkey:signed-out", this.onSignedOut);
  }

  /** Where mailed links and providers send the user back: `redirect-to`, else this page. */
  get redirectTo() {
    return this.getAttribute("redirect-to") || `${globalThis.location.origin}${globalThis.location.pathname}`;
  }

  /** Spends what the address bar brought (it answers once), then settles the sign-in or shows why not. */
  async resume(work) {
    let answer;
    try {
      answer = await work();
    } catch (error) {
      forgetLink();
      this.choices();
      this.alert.textContent = describe(error);
      return;
    }
    forgetLink();
    await settle(this, answer);
  }

  async verifyAddress(token) {
    let error = null;
    try {
      await this.client.auth.verifyEmail({ token });
    } catch (failure) {
      error = failure;
    }
    forgetLink();
    this.choices();
    if (error) this.alert.textContent = describe(error);
    else this.content.prepend(h("p", { role: "status" }, strings.emailVerified));
  }

  choices() {
    const groups = [this.emailForm(), this.socialButtons(), this.passkeyButton()].filter(Boolean);
    this.show(h("div", { class: "stack" }, groups.flatMap((group, i) => (i ? [h("p", { class: "or" }, strings.or), group] : [group]))));
  }

  emailForm() {
    const passwords = this.offers("email_password");
    const links = this.offers("magic_link");
    if (!passwords && !links) return null;
    const form = h("form", { "aria-label": strings.signIn, onsubmit: (event) => {
      event.preventDefault();
      if (passwords) this.passwordSignIn(form);
      else this.magicLink(form);
    } },
    field(strings.email, { name: "email", type: "email", autocomplete: "username", required: true }),
    passwords ? field(strings.password, { name: "password", type: "password", autocomplete: "current-password", required: true }) : null,
    h("button", { class: "primary", type: "submit" }, passwords ? strings.signIn : strings.magicLink),
    passwords && links ? h("button", { class: "secondary", type: "button", onclick: () => this.magicLink(form) }, strings.magicLink) : null,
    passwords ? h("button", { class: "link", type: "button", onclick: () => this.forgot(form.elements.email.value) }, strings.forgotPassword)
      : null);
    return form;
  }

  async passwordSignIn(form) {
    const { email, password } = form.elements;
    await settle(this, await this.act(() => this.client.auth.login({ email: email.value, password: password.value })));
  }

  async magicLink(form) {
    const email = form.elements.email;
    if (!email.reportValidity()) return;
    await this.act(() => this.client.auth.magicLink({ email: email.value, redirectTo: this.redirectTo }));
    if (!this.alert.textContent) this.notice(strings.magicLinkSent(email.value));
  }

  forgot(email) {
    const form = h("form", { "aria-label": strings.forgotPassword, onsubmit: async (event) => {
      event.preventDefault();
      const address = form.elements.email.value;
      await this.act(() => this.client.auth.forgotPassword({ email: address, redirectTo: this.getAttribute("reset-to") || this.redirectTo }));
      if (!this.alert.textContent) this.notice(strings.resetSent(address));
    } }, field(strings.email, { name: "email", type: "email", autocomplete: "username", required: true, value: email || undefined }),
    h("button", { class: "primary", type: "submit" }, strings.sendReset),
    h("button", { class: "link", type: "button", onclick: () => this.choices() }, strings.back));
    this.show(form);
  }

  notice(text) {
    this.show(h("div", { class: "stack" }, h("p", { role: "status" }, text),
      h("button", { class: "link", type: "button", onclick: () => this.choices() }, strings.back)));
  }

  socialButtons() {
    const providers = (this.identity.social_providers ?? []).filter((p) => this.offers(p.startsWith("oidc-") ? "oidc" : p));
    if (!providers.length) return null;
    return h("div", { class: "stack" }, providers.map((provider) => h("button", { class: "secondary", type: "button",
      onclick: () => this.act(() => this.client.auth.signInWith(provider, { redirectTo: this.redirectTo })) },
    strings.continueWith(providerName(provider)))));
  }

  passkeyButton() {
    if (!this.offers("passkey") || !globalThis.PublicKeyCredential) return null;
    return h("button", { class: "secondary", type: "button",
      onclick: async () => settle(this, await this.act(() => this.client.auth.passkeys.signIn())) }, strings.passkey);
  }
}
