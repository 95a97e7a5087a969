import { html, nothing } from 'lit';
import { Page, formatTime } from '../ui.js';

/** The application's append-only audit log, in the order things happened, a page at a time. */
class Audit extends Page {
    static properties = { app: { type: Object }, entries: { state: true }, next: { state: true } };

    constructor() {
        super();
        this.entries = [];
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    load(after) {
        return this.loadPage(`/api/v1/applications/${this.app.id}/audit-log`, 'entries', after);
    }

    render() {
        return html`<div class="row"><button type="button" @click=${() => this.load()}>Refresh</button></div>
            ${this.status()}
            <div class="table-wrap"><table aria-label="Audit log">
                <thead><tr><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>Address</th></tr></thead>
                <tbody>${this.entries.map((e) => html`<tr><td>${formatTime(e.at)}</td><td class="mono">${e.actor}</td>
                    <td>${e.action}${e.changes?.length ? html`<br><small>${e.changes.join(', ')}</small>` : nothing}</td>
                    <td class="mono">${e.target}</td><td class="mono">${e.ip || '—'}</td></tr>`)}
                ${this.entries.length || this.loading ? nothing : html`<tr><td colspan="5">Nothing recorded yet.</td></tr>`}</tbody>
            </table></div>
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}`;
    }
}
customElements.define('lk-audit', Audit);
