import { html, nothing } from 'lit';
import { Page, confirmDialog, formatTime, words } from '../ui.js';
import { api, get } from '../api.js';

const KINDS = [['google', 'Google'], ['github', 'GitHub'], ['oidc', 'OpenID Connect (any provider)']];

/** An application's social sign-in providers per environment; a client secret goes in and never comes out. */
class AuthProviders extends Page {
    static properties = { app: { type: Object }, providers: { state: true }, kind: { state: true }, saved: { state: true } };

    constructor() {
        super();
        this.kind = 'google';
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    async load() {
        const list = await this.latest(() => get(`/api/v1/applications/${this.app.id}/auth-providers`));
        if (list) {
            this.providers = list.data;
        }
    }

    async save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const name = this.kind === 'oidc' ? `oidc-${form.get('oidc_name').trim()}` : this.kind;
        const body = { client_id: form.get('client_id').trim(), scopes: words(form.get('scopes')) };
        if (form.get('client_secret')) body.client_secret = form.get('client_secret');
        if (this.kind !== 'github' && form.get('issuer').trim()) body.issuer = form.get('issuer').trim();
        const saved = await this.run(() => api('PUT', `/api/v1/applications/${this.app.id}/auth-providers/${form.get('environment')}/${name}`, body));
        if (saved) {
            e.target.reset();
            this.saved = `Saved ${saved.provider} (${saved.environment}): its secret is stored sealed and is never shown.`;
            this.load();
        }
    }

    async remove(provider) {
        const sure = await confirmDialog(this, { title: `Remove ${provider.provider} (${provider.environment})?`,
            body: 'Its sign-ins are refused at once; users who signed in with it keep their accounts.', confirm: 'Remove provider' });
        if (sure && (await this.run(() => api('DELETE', `/api/v1/applications/${this.app.id}/auth-providers/${provider.environment}/${provider.provider}`))) !== undefined) {
            this.saved = `Removed ${provider.provider} (${provider.environment}).`;
            this.load();
        }
    }

    render() {
        if (!this.app) {
            return nothing;
        }
        return html`<fieldset><legend>Sign-in providers</legend>
            <p>Users sign in with these through <code>/api/userAuth/oauth/{provider}/authorize</code>, with PKCE; add
                <code>google</code>, <code>github</code> or <code>oidc</code> to the sign-in methods in Settings for each to be offered.
                Register <code>${location.origin}/api/userAuth/oauth/callback</code> as the redirect URI with the provider.</p>
            ${this.providers?.length ? html`<table aria-label="Sign-in providers">
                <thead><tr><th>Provider</th><th>Environment</th><th>Client id</th><th>Issuer</th><th>Updated</th><th>Actions</th></tr></thead>
                <tbody>${this.providers.map((p) => html`<tr><td>${p.provider}</td><td>${p.environment}</td><td>${p.client_id}</td>
                    <td>${p.issuer ?? '—'}</td><td>${formatTime(p.updated_at)}</td>
                    <td><button type="button" class="danger" @click=${() => this.remove(p)}
                        aria-label="Remove ${p.provider} (${p.environment})">Remove</button></td></tr>`)}</tbody></table>`
                : html`<p>No provider yet.</p>`}
            <form class="stack" @submit=${this.save}>
                <div class="row">
                    <label class="field">Provider <select name="kind" aria-label="Provider" @change=${(e) => { this.kind = e.target.value; }}>
                        ${KINDS.map(([value, text]) => html`<option value=${value} ?selected=${this.kind === value}>${text}</option>`)}</select></label>
                    ${this.kind === 'oidc' ? html`<label class="field">Name (oidc-…) <input name="oidc_name" required pattern="[a-z0-9][a-z0-9\\-]{0,30}"></label>` : nothing}
                    <label class="field">Environment <select name="environment" aria-label="Environment"><option value="live">live</option><option value="test">test</option></select></label>
                </div>
                <div class="row">
                    <label class="field">Client id <input name="client_id" required maxlength="500"></label>
                    <label class="field">Client secret (write-only; leave empty to keep the stored one)
                        <input name="client_secret" type="password" autocomplete="off" maxlength="2000"></label>
                </div>
                ${this.kind === 'github' ? nothing : html`<label class="field">Issuer ${this.kind === 'google' ? '(default https://accounts.google.com)' : ''}
                    <input name="issuer" type="url" ?required=${this.kind === 'oidc'} placeholder="https://accounts.example.com"></label>`}
                <label class="field">Scopes (optional; default openid email profile, or read:user user:email for GitHub)
                    <input name="scopes"></label>
                ${this.status('Saving…')}
                ${this.saved && !this.error ? html`<p class="notice" role="status">${this.saved}</p>` : nothing}
                <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Save provider</button></div>
            </form>
        </fieldset>`;
    }
}
customElements.define('lk-auth-providers', AuthProviders);
