import { html, nothing } from 'lit';
import { Page } from '../ui.js';
import { api } from '../api.js';
import './auth-providers.js';

const FIELDS = [['issuer', 'Issuer (iss)', 'https://example.us.auth0.com/'], ['jwks_url', 'JWKS URL', 'https://example.us.auth0.com/.well-known/jwks.json'],
    ['audience', 'Audience (aud)', 'https://api.example.com'], ['user_id_claim', 'User id claim', 'sub'], ['email_claim', 'E-mail claim', 'email']];
const MAX_ISSUERS = 5;

/** How end users prove who they are beyond a password: multi-factor, tokens of the application's own identity provider, social providers. */
class Authentication extends Page {
    static properties = { app: { type: Object }, issuers: { state: true }, mfa: { state: true }, saved: { state: true } };

    willUpdate(changed) {
        if (changed.has('app') && this.app) {
            this.mfa = Boolean(this.app.mfa_required);
            this.issuers = (this.app.external_issuers || []).map((issuer) => ({ ...issuer }));
        }
    }

    change(index, field) {
        return (e) => {
            this.issuers = this.issuers.map((issuer, i) => (i === index ? { ...issuer, [field]: e.target.value } : issuer));
            this.saved = null;
        };
    }

    add() {
        this.issuers = [...this.issuers, { issuer: '', jwks_url: '', audience: '', user_id_claim: 'sub', email_claim: 'email' }];
        this.saved = null;
    }

    remove(index) {
        this.issuers = this.issuers.filter((_, i) => i !== index);
        this.saved = null;
    }

    async save(e) {
        e.preventDefault();
        const issuers = this.issuers.map((issuer) => Object.fromEntries(FIELDS.map(([field]) => [field, (issuer[field] || '').trim()])
            .filter(([field, value]) => value || !field.endsWith('_claim'))));
        // only what changed: saving the MFA switch must not depend on every issuer's host resolving again
        const changes = {};
        if (this.mfa !== Boolean(this.app.mfa_required)) changes.mfa_required = this.mfa;
        if (JSON.stringify(issuers) !== JSON.stringify(this.app.external_issuers || [])) changes.external_issuers = issuers;
        const app = await this.run(() => api('PATCH', `/api/v1/applications/${this.app.id}`, changes));
        if (app) {
            this.saved = 'Saved: every instance follows the new settings.';
            this.dispatchEvent(new CustomEvent('app-changed', { detail: app }));
        }
    }

    render() {
        if (!this.app || !this.issuers) {
            return nothing;
        }
        const external = (this.app.auth_methods || []).includes('external');
        return html`<form class="stack card" @submit=${this.save}>
            <fieldset><legend>Multi-factor sign-in</legend>
                <label><input type="checkbox" name="mfa_required" .checked=${this.mfa}
                    @change=${(e) => { this.mfa = e.target.checked; this.saved = null; }}> Require a second factor (TOTP) for every end user</label>
                <p id="mfa-consequence">When required, every sign-in (password, mailed link, external token) asks for an authenticator
                    code before it opens a session; users without an authenticator enrol at their next sign-in. Sessions that did not
                    pass the second factor, including those open now, are refused by the data API and realtime (403 mfa_required)
                    until the user signs in again. Users who enrolled on their own are asked for their code either way.</p>
            </fieldset>
            <fieldset><legend>External issuers (bring your own auth)</legend>
                <p>JWTs of these identity providers (Auth0, Clerk, Firebase, Cognito, any OpenID provider) are exchanged for a
                    Latchkey session at <code>POST /api/userAuth/exchange</code>: RS256 or ES256, checked against the JWKS, the issuer
                    and the audience. ${external ? nothing : html`<strong>Add <code>external</code> to the sign-in methods in Settings
                    for the exchange to be accepted.</strong>`}</p>
                ${this.issuers.map((issuer, i) => html`<div class="row" role="group" aria-label="External issuer ${i + 1}">
                    ${FIELDS.map(([field, label, example]) => html`<label class="field">${label}
                        <input aria-label="${label} of issuer ${i + 1}" ?required=${!field.endsWith('_claim')} placeholder=${example}
                            .value=${issuer[field] || ''} @input=${this.change(i, field)}></label>`)}
                    <button type="button" class="danger" @click=${() => this.remove(i)} aria-label="Remove issuer ${i + 1}">Remove</button>
                </div>`)}
                ${this.issuers.length < MAX_ISSUERS ? html`<button type="button" @click=${this.add}>Add issuer</button>` : nothing}
            </fieldset>
            ${this.status('Saving…')}
            ${this.saved && !this.error ? html`<p class="notice" role="status">${this.saved}</p>` : nothing}
            <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Save authentication</button></div>
        </form>
        <div class="card"><lk-auth-providers .app=${this.app}></lk-auth-providers></div>`;
    }
}
customElements.define('lk-authentication', Authentication);
