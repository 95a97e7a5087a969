import { html, nothing } from 'lit';
import { Page } from '../ui.js';
import { get, query } from '../api.js';

/**
 * One collection's documents in one environment, as a secret key sees them, filtered and sorted
 * by the data API's query (CONTRACT section 16): `where` as typed, errors in the service's words.
 */
class Documents extends Page {
    static properties = {
        app: { type: Object }, collection: { type: String }, environment: { type: String },
        rows: { state: true }, next: { state: true }, count: { state: true },
    };

    constructor() {
        super();
        this.rows = [];
        this.filter = { where: '', sort: '' };
    }

    updated(changed) {
        if ((changed.has('collection') || changed.has('environment')) && this.collection) {
            this.load();
        }
    }

    async load(after) {
        const path = `/api/v1/applications/${this.app.id}/collections/${encodeURIComponent(this.collection)}/documents`;
        const params = { environment: this.environment, where: this.filter.where, sort: this.filter.sort, count: after ? undefined : 'true', limit: 20, after };
        const page = await this.latest(() => get(`${path}${query(params)}`));
        if (page) {
            this.rows = after ? [...this.rows, ...page.data] : page.data;
            this.next = page.next;
            if (!after) {
                this.count = `${page.count_estimated ? 'about ' : ''}${page.count} matching`;
            }
        }
    }

    search(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        this.filter = { where: form.get('where').trim(), sort: form.get('sort').trim() };
        this.load();
    }

    render() {
        return html`<section class="card" aria-label="Documents of ${this.collection}">
            <h3>Documents of <code>${this.collection}</code> (${this.environment})</h3>
            <form class="row" @submit=${this.search} aria-label="Filter documents">
                <label class="field grow">Where <input name="where" placeholder='{"status":"published","price":{"$lt":10}}'
                    spellcheck="false" autocomplete="off"></label>
                <label class="field">Sort <input name="sort" placeholder="-_created_at" spellcheck="false" autocomplete="off"></label>
                <button class="primary" type="submit" ?disabled=${this.loading}>Filter</button>
            </form>
            ${this.status()}
            ${this.count && !this.error ? html`<p role="status">${this.count}</p>` : nothing}
            <ol class="documents">${this.rows.map((d) => html`<li><pre>${JSON.stringify(d, null, 2)}</pre></li>`)}</ol>
            ${this.rows.length || this.loading || this.error ? nothing : html`<p>No document matches.</p>`}
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}
        </section>`;
    }
}
customElements.define('lk-documents', Documents);
