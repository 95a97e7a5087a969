import { html, nothing } from 'lit';
import { Page } from './ui.js';
import { allTenants, signInWith } from './api.js';
import { session, finishOidcSignIn } from './session.js';
import './pages/sign-in.js';
import './pages/tenants.js';
import './pages/applications.js';
import './pages/application.js';

/** The route in the address bar's fragment: #/applications, #/applications/{id}/{tab}, #/tenants. */
function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
    return { page: parts[0] || 'applications', id: parts[1], tab: parts[2] || 'keys' };
}

/** The console's shell: sign-in, or the header (tenant, who, sign out), navigation and the page. */
class Console extends Page {
    static properties = { config: { state: true }, route: { state: true }, tenants: { state: true }, refused: { state: true } };

    constructor() {
        super();
        this.route = route();
        this.tenants = [];
        window.addEventListener('hashchange', () => {
            this.route = route();
        });
        window.addEventListener('lk-session', () => this.sessionChanged());
        window.addEventListener('lk-token-refused', (e) => {
            this.refused = `Your token was refused (${e.detail}) Sign in again.`;
            session.signOut();
        });
        window.addEventListener('lk-tenants-changed', () => this.loadTenants());
    }

    async connectedCallback() {
        this.querySelector('.boot')?.remove(); // the page's placeholder until the modules have loaded
        super.connectedCallback();
        await this.run(async () => {
            this.config = await fetch('/console/config.json').then((res) => res.json());
            const token = this.config.oidc ? await finishOidcSignIn(this.config.oidc) : null;
            if (token) {
                await signInWith(token);
            }
        });
        if (!this.config) {
            this.config = { oidc: null, dev_sign_in: false };
        }
        this.sessionChanged();
    }

    sessionChanged() {
        this.requestUpdate();
        if (session.token && session.platformAdmin && !this.tenants.length) {
            this.loadTenants();
        }
    }

    async loadTenants() {
        if (!session.platformAdmin) {
            return;
        }
        const tenants = await this.run(() => allTenants());
        if (tenants) {
            this.tenants = tenants;
            if (!session.tenant && this.tenants.length) {
                session.tenant = this.tenants[0].id;
            }
        }
    }

    chooseTenant(e) {
        session.tenant = e.target.value;
        if (this.route.page === 'applications' && this.route.id) {
            location.hash = '#/applications';
        }
    }

    signOut() {
        this.tenants = [];
        this.refused = '';
        session.signOut();
        location.hash = '#/applications';
    }

    page() {
        const { page, id, tab } = this.route;
        if (page === 'tenants') {
            return html`<lk-tenants .tenants=${this.tenants}></lk-tenants>`;
        }
        if (page === 'applications' && id) {
            return html`<lk-application .applicationId=${id} .tab=${tab}></lk-application>`;
        }
        return html`<lk-applications .tenant=${session.tenant}></lk-applications>`;
    }

    render() {
        if (!this.config) {
            return html`<p class="loading" role="status">Loading the console…</p>${this.status('')}`;
        }
        if (!session.token) {
            return html`<lk-sign-in .config=${this.config} .notice=${this.refused || this.error || ''}></lk-sign-in>`;
        }
        const claims = session.claims();
        const here = this.route.page;
        return html`<div id="busy" hidden></div>
            <header class="bar">
                <a class="brand" href="#/applications">Latchkey console</a>
                ${session.platformAdmin ? html`<label for="tenant">Tenant</label>
                    <select id="tenant" @change=${this.chooseTenant} .value=${session.tenant}>
                        ${this.tenants.length ? nothing : html`<option value="">No tenant yet</option>`}
                        ${this.tenants.map((t) => html`<option value=${t.id} ?selected=${t.id === session.tenant}>${t.name} (${t.id})</option>`)}
                    </select>` : nothing}
                <span class="who">${claims.preferred_username || claims.upn || claims.sub || ''}${claims.tenant_id ? ` · ${claims.tenant_id}` : ''}</span>
                <button type="button" @click=${this.signOut}>Sign out</button>
            </header>
            <nav class="main" aria-label="Console">
                <a href="#/applications" aria-current=${here === 'applications' ? 'page' : nothing}>Applications</a>
                ${session.platformAdmin ? html`<a href="#/tenants" aria-current=${here === 'tenants' ? 'page' : nothing}>Tenants</a>` : nothing}
            </nav>
            <main>${this.status('')}${this.page()}</main>`;
    }
}
customElements.define('lk-console', Console);

