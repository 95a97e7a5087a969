// <latchkey-user-button>: the signed-in user, their sessions, passkeys and authenticator app, and sign-out.
import { LatchkeyElement, h } from "./ui-base.js";
import { enrolTotp, showRecoveryCodes } from "./ui-mfa.js";
import { strings } from "./ui-strings.js";

export class UserButton extends LatchkeyElement {
  titleFor() {
    return strings.account;
  }

  start() {
    // any element of this client signing in or out changes what the button shows
    this.onChange ??= ({ detail }) => detail?.client === this.client && this.closed();
    globalThis.document.addEventListener("latchkey:signed-in", this.onChange);
    globalThis.document.addEventListener("latchkey:signed-out", this.onChange);
    this.closed();
  }

  disconnectedCallback() {
    globalThis.document.removeEventListener("latchkey:signed-in", this.onChange);
    globalThis.document.removeEventListener("latchkey:signed-out", this.onChange);
  }

  /** Nothing while nobody is signed in; else one button that opens the account panel. */
  async closed() {
    if (!this.client.auth.token) {
      this.shadowRoot.replaceChildren();
      return;
    }
    this.shadowRoot.replaceChildren(this.card);
    const me = await this.act(() => this.client.auth.me());
    if (me) this.show(h("button", { class: "secondary", type: "button", "aria-expanded": "false", onclick: () => this.open(me) },
      strings.signedInAs(me.email ?? me.id)));
  }

  async open(me) {
    const auth = this.client.auth;
    const loaded = await this.act(() => Promise.all([auth.sessions(), this.offers("passkey") ? auth.passkeys.list() : []]));
    if (!loaded) return;
    const [sessions, passkeys] = loaded;
    const passkeySection = this.offers("passkey") ? h("section", { "aria-label": strings.passkeys, class: "stack" },
      h("h3", {}, strings.passkeys),
      passkeys.length ? h("ul", { class: "plain" }, passkeys.map((passkey) => h("li", {}, h("span", {}, passkey.name),
        h("button", { class: "secondary", type: "button", "aria-label": strings.removePasskey(passkey.name),
          onclick: () => this.change(() => auth.passkeys.remove(passkey.id)) }, "✕")))) : h("p", {}, strings.noPasskeys),
      h("button", { class: "secondary", type: "button", onclick: () => this.change(() => auth.passkeys.register()) }, strings.addPasskey))
      : null;
    const totp = h("section", { "aria-label": strings.authenticator, class: "stack" }, h("h3", {}, strings.authenticator),
      me.factors?.totp ? h("button", { class: "secondary", type: "button", onclick: () => this.change(() => auth.mfa.remove()) },
        strings.removeAuthenticator)
        : h("button", { class: "secondary", type: "button", onclick: () => this.enrol(me) }, strings.addAuthenticator));
    this.show(h("div", { class: "stack" },
      h("button", { class: "link", type: "button", "aria-expanded": "true", onclick: () => this.closed() }, strings.close),
      h("p", {}, strings.signedInAs(me.email ?? me.id)), h("p", {}, strings.sessions(sessions.length)), passkeySection, totp,
      h("button", { class: "primary", type: "button", onclick: () => this.signOut(false) }, strings.signOut),
      h("button", { class: "secondary", type: "button", onclick: () => this.signOut(true) }, strings.signOutEverywhere)));
  }

  /** Runs a change, then shows the panel again with what it changed. */
  async change(work) {
    const me = await this.act(async () => {
      await work();
      return this.client.auth.me();
    });
    if (me) this.open(me);
  }

  async enrol(me) {
    const codes = await this.act(() => enrolTotp(this, undefined, () => this.open(me)));
    if (codes) showRecoveryCodes(this, codes, () => this.open({ ...me, factors: { ...me.factors, totp: true } }));
  }

  async signOut(all) {
    await this.act(() => this.client.auth.logout({ all }));
    this.emit("latchkey:signed-out", { client: this.client });
  }
}
