import { html, nothing } from 'lit';
import { Page, formatTime } from '../ui.js';
import { api } from '../api.js';

/** Row-level security per collection: who may read, whether publishable keys may write own rows. */
class Collections extends Page {
    static properties = { app: { type: Object }, rows: { state: true }, next: { state: true } };

    constructor() {
        super();
        this.rows = [];
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    load(after) {
        return this.loadPage(`/api/v1/applications/${this.app.id}/collections`, 'rows', after, 100);
    }

    async save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = { rls_enabled: form.get('rls') === 'on', read_access: form.get('read_access') };
        if (form.get('environment') !== 'both') {
            body.environment = form.get('environment');
        }
        const name = form.get('name').trim();
        if (await this.run(() => api('PUT', `/api/v1/applications/${this.app.id}/collections/${encodeURIComponent(name)}`, body))) {
            e.target.reset();
            await this.load();
        }
    }

    render() {
        return html`<p class="notice">A collection nobody configured has row-level security off and public reads:
                anyone with the publishable key reads every document in it.</p>
            <form class="card row" @submit=${this.save} aria-label="Collection settings">
                <label class="field">Collection <input name="name" required pattern="[a-z][a-z0-9_]{0,62}"></label>
                <span class="field"><label for="collection-environment">Environment</label><select id="collection-environment" name="environment"><option value="both">live and test</option>
                    <option value="live">live</option><option value="test">test</option></select></span>
                <label><input type="checkbox" name="rls" checked> Row-level security</label>
                <span class="field"><label for="collection-reads">Reads</label><select id="collection-reads" name="read_access">
                    <option value="owner">owner only</option><option value="public">public</option></select></span>
                <button class="primary" type="submit" ?disabled=${this.loading}>Save collection</button>
            </form>
            ${this.status()}
            <div class="table-wrap"><table aria-label="Collections">
                <thead><tr><th>Collection</th><th>Environment</th><th>Row-level security</th><th>Reads</th><th>Changed</th></tr></thead>
                <tbody>${this.rows.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.environment}</td>
                    <td>${c.rls_enabled ? 'on' : 'off'}</td><td>${c.read_access}</td><td>${formatTime(c.updated_at)}</td></tr>`)}
                ${this.rows.length || this.loading ? nothing : html`<tr><td colspan="5">No collection configured yet.</td></tr>`}</tbody>
            </table></div>
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}`;
    }
}
customElements.define('lk-collections', Collections);
