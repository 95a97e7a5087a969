import { html, nothing } from 'lit';
import { Page, formatTime, confirmDialog } from '../ui.js';
import { api, get, query } from '../api.js';

const EVENTS = ['key.created', 'key.updated', 'key.rotated', 'key.revoked', 'key.leaked', 'key.expiring', 'key.credits_low', 'application.updated', 'user.created', 'user.updated', 'user.deleted'];

/** Webhooks: register (the signing secret shown once), remove, and each one's deliveries. */
class Webhooks extends Page {
    static properties = { app: { type: Object }, hooks: { state: true }, shown: { state: true }, deliveries: { state: true } };

    constructor() {
        super();
        this.hooks = [];
        this.shown = [];
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    async load() {
        const page = await this.run(() => get(`/api/v1/applications/${this.app.id}/webhooks`));
        if (page) {
            this.hooks = page.data;
        }
    }

    async create(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = { url: form.get('url').trim(), events: form.getAll('event') };
        if (form.get('description').trim()) {
            body.description = form.get('description').trim();
        }
        const hook = await this.run(() => api('POST', `/api/v1/applications/${this.app.id}/webhooks`, body));
        if (hook) {
            e.target.reset();
            this.shown = [{ label: `Signing secret of ${hook.url}`, value: hook.secret }];
            await this.load();
        }
    }

    async deleteWebhook(hook) {
        const sure = await confirmDialog(this, { title: 'Delete this webhook?', body: `${hook.url} gets no more events.`, confirm: 'Delete webhook' });
        if (sure && (await this.run(() => api('DELETE', `/api/v1/applications/${this.app.id}/webhooks/${hook.id}`))) !== undefined) {
            this.deliveries = null;
            await this.load();
        }
    }

    async showDeliveries(hook, after) {
        const page = await this.run(() => get(`/api/v1/applications/${this.app.id}/webhooks/${hook.id}/deliveries${query({ limit: 50, after })}`));
        if (page) {
            this.deliveries = { hook, rows: after ? [...this.deliveries.rows, ...page.data] : page.data, next: page.next };
        }
    }

    render() {
        const d = this.deliveries;
        return html`<form class="card stack" @submit=${this.create} aria-label="New webhook">
                <label class="field">Endpoint URL <input name="url" type="url" required placeholder="https://example.com/latchkey-events"></label>
                <fieldset><legend>Events</legend><div class="matrix">
                    ${EVENTS.map((event) => html`<label><input type="checkbox" name="event" value=${event} checked> ${event}</label>`)}</div></fieldset>
                <label class="field">Description (optional) <input name="description" maxlength="200"></label>
                <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Add webhook</button></div>
            </form>
            ${this.status()}
            <div class="table-wrap"><table aria-label="Webhooks">
                <thead><tr><th>URL</th><th>Events</th><th>Created</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>${this.hooks.map((hook) => html`<tr><td class="mono">${hook.url}</td><td>${hook.events.join(', ')}</td>
                    <td>${formatTime(hook.created_at)}</td>
                    <td><div class="row"><button type="button" @click=${() => this.showDeliveries(hook)}>Deliveries</button>
                        <button type="button" class="danger" @click=${() => this.deleteWebhook(hook)}>Delete</button></div></td></tr>`)}
                ${this.hooks.length || this.loading ? nothing : html`<tr><td colspan="4">No webhook yet.</td></tr>`}</tbody>
            </table></div>
            ${d ? html`<h2 id="deliveries">Deliveries to ${d.hook.url}</h2>
                <div class="table-wrap"><table aria-labelledby="deliveries">
                    <thead><tr><th>Event</th><th>Attempt</th><th>Status</th><th>Answer</th><th>Next attempt</th><th>Delivered</th></tr></thead>
                    <tbody>${d.rows.map((r) => html`<tr><td>${r.type}</td><td class="num">${r.attempt}</td><td>${r.status}</td>
                        <td>${r.response_status ?? '—'}</td><td>${formatTime(r.next_attempt_at)}</td><td>${formatTime(r.delivered_at)}</td></tr>`)}
                    ${d.rows.length ? nothing : html`<tr><td colspan="6">No delivery yet.</td></tr>`}</tbody>
                </table></div>
                ${d.next ? html`<button type="button" @click=${() => this.showDeliveries(d.hook, d.next)}>Load more</button>` : nothing}` : nothing}
            <lk-secrets-once heading="Save the signing secret now" .secrets=${this.shown} @saved=${() => { this.shown = []; }}></lk-secrets-once>`;
    }
}
customElements.define('lk-webhooks', Webhooks);
