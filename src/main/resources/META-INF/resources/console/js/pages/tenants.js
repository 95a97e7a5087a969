import { html, nothing } from 'lit';
import { Page, formatTime } from '../ui.js';
import { api } from '../api.js';
import { session } from '../session.js';

/** Tenants (platform admins): the list the tenant selector offers, and a new tenant. */
class Tenants extends Page {
    static properties = { tenants: { type: Array } };

    async create(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = { name: form.get('name').trim() };
        if (form.get('id').trim()) {
            body.id = form.get('id').trim();
        }
        const tenant = await this.run(() => api('POST', '/api/v1/tenants', body));
        if (tenant) {
            e.target.reset();
            session.tenant = tenant.id;
            window.dispatchEvent(new Event('lk-tenants-changed'));
        }
    }

    render() {
        return html`<h1>Tenants</h1>
            <section class="card" aria-labelledby="new-tenant">
                <h2 id="new-tenant">New tenant</h2>
                <form class="row" @submit=${this.create}>
                    <label class="field">Tenant name <input name="name" required maxlength="200"></label>
                    <label class="field">Tenant id (optional) <input name="id" pattern="[a-z0-9][a-z0-9\\-]*" maxlength="63"></label>
                    <button class="primary" type="submit" ?disabled=${this.loading}>Create tenant</button>
                </form>
                ${this.status('Saving…')}
            </section>
            <div class="table-wrap"><table>
                <caption class="visually-hidden">Tenants</caption>
                <thead><tr><th>Name</th><th>Id</th><th>Created</th></tr></thead>
                <tbody>${(this.tenants || []).map((t) => html`<tr><td>${t.name}</td><td><code>${t.id}</code></td><td>${formatTime(t.created_at)}</td></tr>`)}
                ${this.tenants?.length ? nothing : html`<tr><td colspan="3">No tenant yet: create the first one above.</td></tr>`}</tbody>
            </table></div>`;
    }
}
customElements.define('lk-tenants', Tenants);
