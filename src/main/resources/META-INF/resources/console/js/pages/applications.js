import { html, nothing } from 'lit';
import { Page, formatTime } from '../ui.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { keysOf } from './keys.js';

/** The tenant's applications, and a new one whose four keys are shown once. */
class Applications extends Page {
    static properties = { tenant: { type: String }, apps: { state: true }, next: { state: true }, creating: { state: true }, created: { state: true } };

    constructor() {
        super();
        this.apps = [];
    }

    updated(changed) {
        if (changed.has('tenant')) {
            this.apps = [];
            this.load();
        }
        if (changed.has('creating') && this.creating) {
            this.querySelector('input[name="name"]').focus();
        }
    }

    load(after) {
        return this.loadPage('/api/v1/applications', 'apps', after);
    }

    async create(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const origins = form.get('origins').split(/\s+/).filter(Boolean);
        const app = await this.run(() => api('POST', '/api/v1/applications', {
            name: form.get('name').trim(), ...(origins.length ? { allowed_origins: origins } : {}),
        }));
        if (app) {
            this.creating = false;
            this.created = app;
            const { keys, ...listed } = app; // the secrets stay only in the shown-once dialog
            this.apps = [listed, ...this.apps];
        }
    }

    saved() {
        const id = this.created.id;
        this.created = null;
        location.hash = `#/applications/${id}/keys`;
    }

    render() {
        const needsTenant = session.platformAdmin && !session.tenant;
        return html`<div class="row"><h1>Applications</h1>
                <button class="primary spacer" type="button" ?disabled=${needsTenant}
                    @click=${() => { this.creating = true; }}>New application</button></div>
            ${needsTenant ? html`<p class="notice">Choose a tenant (or <a href="#/tenants">create one</a>) to add applications to it.</p>` : nothing}
            ${this.creating ? html`<section class="card" aria-labelledby="new-app">
                <h2 id="new-app">New application</h2>
                <form class="stack" @submit=${this.create}>
                    <label class="field">Name <input name="name" required maxlength="200"></label>
                    <label class="field">Allowed origins (optional, one per line)
                        <textarea name="origins" placeholder="https://app.example.com"></textarea></label>
                    <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Create</button>
                        <button type="button" @click=${() => { this.creating = false; }}>Cancel</button></div>
                </form></section>` : nothing}
            ${this.status()}
            <div class="table-wrap"><table>
                <caption class="visually-hidden">Applications</caption>
                <thead><tr><th>Name</th><th class="hide-narrow">Id</th><th>Created</th></tr></thead>
                <tbody>${this.apps.map((app) => html`<tr>
                    <td><a href="#/applications/${app.id}/keys">${app.name}</a></td>
                    <td class="hide-narrow"><code>${app.id}</code></td><td>${formatTime(app.created_at)}</td></tr>`)}
                ${this.apps.length || this.loading ? nothing : html`<tr><td colspan="3">No application yet.</td></tr>`}</tbody>
            </table></div>
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}
            <lk-secrets-once heading="Keys of ${this.created?.name || ''}" .secrets=${this.created ? keysOf(this.created) : []}
                @saved=${this.saved}></lk-secrets-once>`;
    }
}
customElements.define('lk-applications', Applications);
