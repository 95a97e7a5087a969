import { html, nothing } from 'lit';
import { Page, confirmDialog, words } from '../ui.js';
import { api } from '../api.js';

/** The sign-in methods Latchkey delivers today; a stored name beyond these is still shown (and kept). */
const AUTH_METHODS = ['email_password', 'magic_link', 'external'];
const VERIFICATION = [['optional', 'Optional: mailed at signup, not required'], ['required', 'Required before a password sign-in'],
    ['off', 'Off: no verification mail']];

/** An application's public configuration, with a live preview of its branding. */
class Settings extends Page {
    static properties = { app: { type: Object }, draft: { state: true }, saved: { state: true } };

    willUpdate(changed) {
        if (changed.has('app') && this.app) {
            const b = this.app.branding || {};
            this.draft = { logo: b.logo_url || '', primary: b.primary_color || '#3b4fd8', background: b.background_color || '#ffffff', name: this.app.name };
            this.brandingTouched = false;
        }
    }

    async save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const stored = this.app.branding || {};
        const hadBranding = Boolean(stored.logo_url || stored.primary_color || stored.background_color);
        let branding;
        // the preview's default colours are not saved for an application that never chose any
        if (this.brandingTouched || hadBranding) {
            branding = { primary_color: form.get('primary_color'), background_color: form.get('background_color') };
            if (form.get('logo_url').trim()) {
                branding.logo_url = form.get('logo_url').trim();
            }
        }
        const app = await this.run(() => api('PATCH', `/api/v1/applications/${this.app.id}`, {
            name: form.get('name').trim(),
            auth_methods: form.getAll('auth_method'),
            allowed_origins: words(form.get('allowed_origins')),
            ...(branding ? { branding } : {}),
            email_verification: form.get('email_verification'),
            redirect_urls: words(form.get('redirect_urls')),
            scopes: words(form.get('scopes')),
            publishable_scopes: words(form.get('publishable_scopes')),
        }));
        if (app) {
            this.saved = 'Saved: identify answers the new configuration on every instance.';
            this.dispatchEvent(new CustomEvent('app-changed', { detail: app }));
        }
    }

    async deleteApplication() {
        const sure = await confirmDialog(this, {
            title: 'Delete this application?',
            body: `${this.app.name} and all its keys stop working at once. This cannot be undone.`,
            confirm: 'Delete application',
        });
        if (sure && (await this.run(() => api('DELETE', `/api/v1/applications/${this.app.id}`))) !== undefined) {
            location.hash = '#/applications';
        }
    }

    preview() {
        const d = this.draft;
        return html`<section class="preview" aria-label="Branding preview" style="background:${d.background}">
            ${d.logo.startsWith('https://') ? html`<img src=${d.logo} alt="${d.name} logo" referrerpolicy="no-referrer">` : nothing}
            <strong style="color:${d.primary}">Sign in to ${d.name}</strong>
            <span class="button" style="background:${d.primary};border-color:${d.primary};color:#fff">Continue</span>
        </section>`;
    }

    render() {
        if (!this.app || !this.draft) {
            return nothing;
        }
        const app = this.app;
        const input = (key) => (e) => {
            this.draft = { ...this.draft, [key]: e.target.value };
            this.brandingTouched ||= key !== 'name';
        };
        const methods = [...new Set([...AUTH_METHODS, ...(app.auth_methods || [])])];
        return html`<form class="stack card" @submit=${this.save}>
                <label class="field">Name <input name="name" required maxlength="200" .value=${app.name} @input=${input('name')}></label>
                <fieldset><legend>Sign-in methods</legend><div class="row">
                    ${methods.map((m) => html`<label><input type="checkbox" name="auth_method" value=${m} ?checked=${(app.auth_methods || []).includes(m)}> ${m}</label>`)}
                </div></fieldset>
                <span class="field"><label for="email-verification">E-mail verification</label>
                    <select id="email-verification" name="email_verification">${VERIFICATION.map(([value, text]) =>
                        html`<option value=${value} ?selected=${(app.email_verification || 'optional') === value}>${text}</option>`)}</select></span>
                <label class="field">Pages mailed links open (redirect URLs, one per line; https, or http on localhost)
                    <textarea name="redirect_urls" .value=${(app.redirect_urls || []).join('\n')}></textarea></label>
                <label class="field">Allowed origins (one per line) <textarea name="allowed_origins" .value=${(app.allowed_origins || []).join('\n')}></textarea></label>
                <fieldset><legend>Branding</legend><div class="row">
                    <label class="field">Logo URL (https) <input name="logo_url" type="url" .value=${this.draft.logo} @input=${input('logo')}></label>
                    <label class="field">Primary colour <input name="primary_color" type="color" .value=${this.draft.primary} @input=${input('primary')}></label>
                    <label class="field">Background colour <input name="background_color" type="color" .value=${this.draft.background} @input=${input('background')}></label>
                </div>${this.preview()}</fieldset>
                <label class="field">Scopes of your API (e.g. links:read links:write) <textarea name="scopes" .value=${(app.scopes || []).join('\n')}></textarea></label>
                <label class="field">Scopes a publishable key holds <textarea name="publishable_scopes" .value=${(app.publishable_scopes || []).join('\n')}></textarea></label>
                ${this.status('Saving…')}
                ${this.saved && !this.error ? html`<p class="notice" role="status">${this.saved}</p>` : nothing}
                <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Save settings</button>
                    <button class="danger spacer" type="button" @click=${this.deleteApplication}>Delete application</button></div>
            </form>`;
    }
}
customElements.define('lk-settings', Settings);
