// What every sign-in component shares: one client per key and base URL (so elements on a page
// share the session), the application's branding as CSS custom properties, safe DOM building,
// and errors shown in words in an alert region.
import { createBrowserClient } from "./browser.js";
import { describe, strings } from "./ui-strings.js";

const clients = new Map();

/** The page's client for this key and service; every element given the same two shares it. */
export function clientFor(publishableKey, baseUrl) {
  const key = `${baseUrl}|${publishableKey}`;
  if (!clients.has(key)) clients.set(key, createBrowserClient({ publishableKey, baseUrl, storage: globalThis.sessionStorage }));
  return clients.get(key);
}

/** An element with attributes (event handlers as on*) and children (strings become text, never HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** A labelled input: the label wraps it, so it has an accessible name. */
export function field(label, attributes) {
  return h("label", { class: "field" }, h("span", {}, label), h("input", attributes));
}

const STYLE = `
:host { display: block; max-width: 24rem; font: 1rem/1.5 system-ui, sans-serif; color: #1f2937;
  --lk-primary: #334155; --lk-background: #ffffff; }
.card { background: var(--lk-background); border: 1px solid #d1d5db; border-radius: .75rem; padding: 1.25rem; box-sizing: border-box; width: 100%; }
header { display: flex; align-items: center; gap: .75rem; margin-bottom: 1rem; }
header img { height: 2rem; }
h2 { font-size: 1.25rem; margin: 0; }
form, .stack { display: flex; flex-direction: column; gap: .75rem; }
.field { display: flex; flex-direction: column; gap: .25rem; font-size: .9rem; }
input { font: inherit; padding: .55rem .7rem; border: 1px solid #6b7280; border-radius: .4rem; width: 100%; box-sizing: border-box; }
button { font: inherit; padding: .6rem .9rem; border-radius: .4rem; border: 1px solid var(--lk-primary); cursor: pointer; width: 100%; }
button.primary { background: var(--lk-primary); color: #fff; }
button.secondary { background: #fff; color: var(--lk-primary); }
button.link { border: 0; background: none; color: var(--lk-primary); text-decoration: underline; width: auto; padding: 0; }
button:disabled { opacity: .6; cursor: progress; }
:is(button, input):focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
.or { text-align: center; color: #4b5563; font-size: .875rem; margin: .25rem 0; }
.alert { color: #b91c1c; margin: 0 0 .75rem; }
.alert:empty { margin: 0; }
.qr svg { width: 12rem; height: 12rem; display: block; margin: 0 auto; }
code, .codes { font-family: ui-monospace, monospace; word-break: break-all; }
.codes { columns: 2; padding-left: 1.25rem; }
ul.plain { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: .5rem; }
ul.plain li { display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
ul.plain li button { width: auto; }
`;

// one stylesheet for every shadow root, adopted rather than inlined: pages with a strict
// Content-Security-Policy (no 'unsafe-inline' styles) draw the components too
let sheet;
const styles = () => {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
};

/**
 * Base of the components: reads `publishable-key` and `base-url` (default: this page's origin),
 * identifies the application once connected, brands itself, then calls `start()`. Its card keeps
 * one header, one alert region and one content area; `show` replaces only the content.
 */
export class LatchkeyElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" }).adoptedStyleSheets = [styles()];
    this.heading = undefined;
    this.headingText = h("h2");
    this.alert = h("p", { class: "alert", role: "alert" });
    this.content = h("div");
    this.card = h("div", { class: "card" }, h("header", {}, this.headingText), this.alert, this.content);
  }

  /** The client whose session the element keeps; the page's own calls can use it too. */
  get client() {
    return clientFor(this.getAttribute("publishable-key"), this.getAttribute("base-url") || globalThis.location.origin);
  }

  async connectedCallback() {
    this.shadowRoot.replaceChildren(this.card);
    this.show(h("p", { role: "status" }, strings.loading));
    try {
      this.identity = await this.client.identify();
      if (!this.isConnected) return; // removed meanwhile: no listener to leave behind
      const { primary_color: primary, background_color: background, logo_url: logo } = this.identity.branding ?? {};
      if (primary) this.style.setProperty("--lk-primary", primary);
      if (background) this.style.setProperty("--lk-background", background);
      if (logo) this.headingText.before(h("img", { src: logo, alt: "" }));
      await this.start();
    } catch (error) {
      this.show();
      this.alert.textContent = describe(error);
    }
  }

  /** Shows this content under the heading; the alert is cleared. Focus follows only where the user was working. */
  show(...content) {
    const hadFocus = Boolean(this.shadowRoot.activeElement);
    this.headingText.textContent = this.identity ? this.heading ?? this.titleFor(this.identity.app_name) : "";
    this.alert.textContent = "";
    this.content.replaceChildren(...content);
    if (hadFocus || this.moving) this.content.querySelector("input, button")?.focus();
    this.moving = false;
  }

  /** Shows the element's first view again, with a failure in words. */
  async restart(error) {
    await this.start();
    this.alert.textContent = describe(error);
  }

  /**
   * Runs a user's action: its buttons disabled meanwhile, a failure in words in the alert.
   * Answers undefined on failure, unless `fatal(error)` says the failure ends the step: then it throws.
   */
  async act(work, fatal = () => false) {
    const buttons = [...this.content.querySelectorAll("button")];
    buttons.forEach((button) => { button.disabled = true; });
    this.alert.textContent = "";
    this.moving = true;
    try {
      return await work();
    } catch (error) {
      if (fatal(error)) throw error;
      this.alert.textContent = describe(error);
      return undefined;
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
  }

  /** The heading over the element's content (subclasses name their purpose). */
  titleFor(app) {
    return app;
  }

  /** An event the page listens for; it crosses the shadow boundary. */
  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** The application offers this method (`email_password` also under its older name `password`). */
  offers(method) {
    const methods = this.identity.auth_methods ?? [];
    return methods.includes(method) || (method === "email_password" && methods.includes("password"));
  }
}
