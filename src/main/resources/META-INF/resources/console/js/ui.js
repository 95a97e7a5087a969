import { LitElement, html, nothing } from 'lit';
import { get, query } from './api.js';

/**
 * Base of every console element: renders into the page itself (one stylesheet, labels and roles
 * visible to assistive technology and tests as plain DOM), and runs API calls with a visible
 * loading state and any error in words.
 */
export class Page extends LitElement {
    static properties = { loading: { state: true }, error: { state: true } };

    createRenderRoot() {
        return this;
    }

    /** Runs an API call; shows "Loading…" meanwhile and the error, if any, after. Undefined on error. */
    async run(work) {
        this.loading = true;
        this.error = '';
        try {
            return await work();
        } catch (e) {
            this.error = e.message;
            return undefined;
        } finally {
            this.loading = false;
        }
    }

    /** As run, but an answer that a later call of this element has superseded is dropped (undefined). */
    async latest(work) {
        const ticket = (this.ticket = (this.ticket || 0) + 1);
        const answer = await this.run(work);
        return ticket === this.ticket ? answer : undefined;
    }

    /**
     * Loads a listing's first page into this[field], or appends the page after `after`; the
     * cursor of the next one goes to this.next (CONTRACT lists: data and next).
     */
    async loadPage(path, field, after, limit = 50) {
        const page = await this.latest(() => get(`${path}${query({ limit, after })}`));
        if (page) {
            this[field] = after ? [...this[field], ...page.data] : page.data;
            this.next = page.next;
        }
        return page;
    }

    status(what = 'Loading…') {
        return html`${this.loading ? html`<p class="loading" role="status">${what}</p>` : nothing}
            ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
    }
}

/** The entries of a text field, one per line or separated by spaces or commas. */
export function words(text) {
    return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

export function formatTime(iso) {
    return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function formatDay(iso) {
    return iso ? new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }) : '';
}

/** A key's state in words, as the keys table shows it. */
export function keyStatus(key) {
    const now = Date.now();
    if (key.revoked_at && Date.parse(key.revoked_at) <= now) {
        return 'revoked';
    }
    if (key.expires_at && Date.parse(key.expires_at) <= now) {
        return 'expired';
    }
    if (key.revoked_at) {
        return 'grace';
    }
    if (key.enabled === false) {
        return 'suspended';
    }
    return key.exposed_at ? 'exposed' : 'active';
}

let secretsShown = 0;

/**
 * Values shown this once (new keys, a webhook's secret), each with a Copy button; the dialog
 * closes only through "I have saved the keys", which dispatches `saved`.
 */
export class SecretsOnce extends Page {
    static properties = { secrets: { type: Array }, heading: { type: String }, copied: { state: true } };

    constructor() {
        super();
        this.secrets = [];
        this.heading = 'Save these keys now';
        this.id = `secrets-${++secretsShown}`;
    }

    updated(changed) {
        if (changed.has('secrets') && this.secrets.length) {
            const dialog = this.querySelector('dialog');
            if (!dialog.open) {
                dialog.showModal();
            }
        }
    }

    async copy(secret) {
        try {
            await navigator.clipboard.writeText(secret.value);
            this.copied = `${secret.label} copied to the clipboard.`;
        } catch {
            this.copied = 'The browser refused the clipboard: select the value and copy it by hand.';
        }
    }

    saved() {
        this.querySelector('dialog').close();
        const secrets = this.secrets;
        this.secrets = [];
        this.copied = '';
        this.dispatchEvent(new CustomEvent('saved', { detail: secrets }));
    }

    render() {
        return html`<dialog aria-labelledby="${this.id}-title" @cancel=${(e) => e.preventDefault()}>
            <h2 id="${this.id}-title">${this.heading}</h2>
            <p class="notice">Secret values are shown only this once: Latchkey keeps only a hash. Copy them somewhere safe.</p>
            ${this.secrets.map((secret, i) => html`<div class="secret">
                <span id="${this.id}-label-${i}">${secret.label}</span>
                <code aria-labelledby="${this.id}-label-${i}">${secret.value}</code>
                <button type="button" aria-describedby="${this.id}-label-${i}" @click=${() => this.copy(secret)}>Copy</button>
            </div>`)}
            <p role="status" aria-live="polite">${this.copied || ''}</p>
            <div class="row"><button class="primary" type="button" @click=${this.saved}>I have saved the keys</button></div>
        </dialog>`;
    }
}
customElements.define('lk-secrets-once', SecretsOnce);

/** A confirmation dialog; resolves true when confirmed. */
export function confirmDialog(host, { title, body, confirm, danger = true }) {
    return new Promise((resolve) => {
        const dialog = document.createElement('dialog');
        dialog.setAttribute('aria-label', title);
        const heading = document.createElement('h2');
        heading.textContent = title;
        const text = document.createElement('p');
        text.textContent = body;
        const row = document.createElement('div');
        row.className = 'row';
        const cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.textContent = 'Cancel';
        const ok = document.createElement('button');
        ok.type = 'button';
        ok.className = danger ? 'danger' : 'primary';
        ok.textContent = confirm;
        row.append(cancel, ok);
        dialog.append(heading, text, row);
        const finish = (answer) => {
            dialog.close();
            dialog.remove();
            resolve(answer);
        };
        cancel.addEventListener('click', () => finish(false));
        ok.addEventListener('click', () => finish(true));
        dialog.addEventListener('cancel', (e) => {
            e.preventDefault();
            finish(false);
        });
        host.append(dialog);
        dialog.showModal();
        cancel.focus();
    });
}
