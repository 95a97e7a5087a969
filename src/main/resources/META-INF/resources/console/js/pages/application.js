import { html, nothing } from 'lit';
import { Page } from '../ui.js';
import { get } from '../api.js';
import './keys.js';
import './settings.js';
import './collections.js';
import './usage.js';
import './audit.js';
import './webhooks.js';
import './users.js';
import './realtime.js';
import './authentication.js';

const TABS = [['keys', 'Keys'], ['settings', 'Settings'], ['authentication', 'Authentication'], ['users', 'Users'], ['collections', 'Collections'],
    ['realtime', 'Realtime'], ['usage', 'Usage'], ['audit', 'Audit log'], ['webhooks', 'Webhooks']];

/** One application: its name and a tab per concern. */
class Application extends Page {
    static properties = { applicationId: { type: String }, tab: { type: String }, app: { state: true } };

    updated(changed) {
        if (changed.has('applicationId')) {
            this.load();
        }
    }

    async load() {
        const app = await this.latest(() => get(`/api/v1/applications/${encodeURIComponent(this.applicationId)}`));
        if (app) {
            this.app = app;
        }
    }

    tabContent() {
        switch (this.tab) {
            case 'settings': return html`<lk-settings .app=${this.app} @app-changed=${(e) => { this.app = e.detail; }}></lk-settings>`;
            case 'authentication': return html`<lk-authentication .app=${this.app} @app-changed=${(e) => { this.app = e.detail; }}></lk-authentication>`;
            case 'users': return html`<lk-users .app=${this.app}></lk-users>`;
            case 'collections': return html`<lk-collections .app=${this.app}></lk-collections>`;
            case 'realtime': return html`<lk-realtime .app=${this.app} @app-changed=${(e) => { this.app = e.detail; }}></lk-realtime>`;
            case 'usage': return html`<lk-usage .app=${this.app}></lk-usage>`;
            case 'audit': return html`<lk-audit .app=${this.app}></lk-audit>`;
            case 'webhooks': return html`<lk-webhooks .app=${this.app}></lk-webhooks>`;
            default: return html`<lk-keys .app=${this.app}></lk-keys>`;
        }
    }

    render() {
        return html`<p><a href="#/applications">← Applications</a></p>
            ${this.app ? html`<h1>${this.app.name}</h1>
                <nav class="tabs" aria-label="Application">
                    ${TABS.map(([tab, words]) => html`<a href="#/applications/${this.app.id}/${tab}"
                        aria-current=${this.tab === tab ? 'page' : nothing}>${words}</a>`)}
                </nav>${this.tabContent()}` : this.status()}`;
    }
}
customElements.define('lk-application', Application);
