import { html, nothing } from 'lit';
import { Page, formatTime } from '../ui.js';
import { api } from '../api.js';
import './documents.js';

/** Declared indexes as typed: one index per line or ";", its fields separated by commas. */
function parseIndexes(text) {
    return text.split(/[;\n]/).map((line) => line.split(',').map((f) => f.trim()).filter(Boolean)).filter((f) => f.length);
}

const showIndexes = (indexes) => (indexes ?? []).map((i) => i.fields.join(',')).join('; ');

/**
 * Row-level security and declared indexes per collection, and a browser of each collection's
 * documents with the data API's filters.
 */
class Collections extends Page {
    static properties = {
        app: { type: Object }, rows: { state: true }, next: { state: true }, browsing: { state: true },
    };

    constructor() {
        super();
        this.rows = [];
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    /** The first page (or the one after `after`); while an index builds, it is read again every second. */
    async load(after) {
        clearTimeout(this.refresh);
        await this.loadPage(`/api/v1/applications/${this.app.id}/collections`, 'rows', after, 100);
        if (!after && this.isConnected && this.rows.some((row) => (row.indexes ?? []).some((i) => i.state === 'building'))) {
            this.refresh = setTimeout(() => this.load(), 1000);
        }
    }

    disconnectedCallback() {
        super.disconnectedCallback();
        clearTimeout(this.refresh);
    }

    async save(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = { rls_enabled: form.get('rls') === 'on', read_access: form.get('read_access'), indexes: parseIndexes(form.get('indexes')) };
        if (form.get('environment') !== 'both') {
            body.environment = form.get('environment');
        }
        const name = form.get('name').trim();
        if (await this.run(() => api('PUT', `/api/v1/applications/${this.app.id}/collections/${encodeURIComponent(name)}`, body))) {
            e.target.reset();
            await this.load();
        }
    }

    /** Fills the form with a row's settings, so saving it changes only what is edited. */
    edit(row) {
        const form = this.querySelector('form[aria-label="Collection settings"]');
        form.elements.name.value = row.name;
        form.elements.environment.value = row.environment;
        form.elements.rls.checked = row.rls_enabled;
        form.elements.read_access.value = row.read_access;
        form.elements.indexes.value = showIndexes(row.indexes);
        form.elements.name.focus();
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
                <label class="field grow">Indexes <input name="indexes" placeholder="status,-_created_at; author.id" spellcheck="false"
                    aria-describedby="indexes-help"></label>
                <small id="indexes-help">Queries filtered and sorted by a declared index stay fast at any size; others stop
                    at the time limit. One index per ";", up to 3 fields each, "-" for descending. Saving replaces them.</small>
                <button class="primary" type="submit" ?disabled=${this.loading}>Save collection</button>
            </form>
            ${this.status()}
            <div class="table-wrap"><table aria-label="Collections">
                <thead><tr><th>Collection</th><th>Environment</th><th>Row-level security</th><th>Reads</th><th>Indexes</th>
                    <th>Changed</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>${this.rows.map((c) => html`<tr><td><code>${c.name}</code></td><td>${c.environment}</td>
                    <td>${c.rls_enabled ? 'on' : 'off'}</td><td>${c.read_access}</td>
                    <td>${(c.indexes ?? []).map((i) => html`<div><code>${i.fields.join(', ')}</code> ${i.state}${i.error ? html`: ${i.error}` : nothing}</div>`)}</td>
                    <td>${formatTime(c.updated_at)}</td>
                    <td><button type="button" @click=${() => this.edit(c)}>Edit</button>
                        <button type="button" @click=${() => { this.browsing = c; }}>Documents</button></td></tr>`)}
                ${this.rows.length || this.loading ? nothing : html`<tr><td colspan="7">No collection configured yet.</td></tr>`}</tbody>
            </table></div>
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}
            ${this.browsing ? html`<lk-documents .app=${this.app} collection=${this.browsing.name} environment=${this.browsing.environment}></lk-documents>` : nothing}`;
    }
}
customElements.define('lk-collections', Collections);
