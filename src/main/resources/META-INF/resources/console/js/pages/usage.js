import { html, svg, nothing } from 'lit';
import { Page, formatDay } from '../ui.js';
import { get } from '../api.js';

const COLOURS = {
    ok: '#067647', invalid: '#b42318', revoked: '#7a2e0e', expired: '#9a6700', disabled: '#6b7280', forbidden: '#c11574',
    rate_limited: '#dc6803', origin_not_allowed: '#6941c6', ip_not_allowed: '#155eef', usage_exceeded: '#0e9384',
};

function isoDay(date) {
    return date.toISOString().slice(0, 10);
}

function daysBetween(from, to) {
    const days = [];
    for (let d = new Date(`${from}T00:00:00Z`); isoDay(d) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
        days.push(isoDay(d));
    }
    return days;
}

/**
 * Checks per day by outcome: a stacked bar chart (plain SVG: a dozen lines, where a chart
 * library would add hundreds of kilobytes to the page) and the same figures as tables.
 */
class Usage extends Page {
    static properties = { app: { type: Object }, usage: { state: true }, from: { state: true }, to: { state: true } };

    constructor() {
        super();
        const today = new Date();
        this.to = isoDay(today);
        today.setUTCDate(today.getUTCDate() - 13);
        this.from = isoDay(today);
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    async load() {
        const usage = await this.latest(() => get(`/api/v1/applications/${this.app.id}/usage?from=${this.from}&to=${this.to}`));
        if (usage) {
            this.usage = usage;
        }
    }

    apply(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        this.from = form.get('from');
        this.to = form.get('to');
        this.load();
    }

    /** One key's checks as a bar split by outcome, scaled to the busiest key; the row's cells hold the figures. */
    keyBar(key, outcomes, maxKey) {
        let x = 0;
        return html`<svg width="120" height="12" aria-hidden="true">${outcomes.map((o) => {
            const w = ((key.outcomes[o] || 0) / maxKey) * 120;
            x += w;
            return w ? svg`<rect x=${x - w} y="0" width=${w} height="12" fill=${COLOURS[o] || '#888'}></rect>` : nothing;
        })}</svg>`;
    }

    render() {
        const rows = this.usage?.data || [];
        const days = this.usage ? daysBetween(this.usage.from, this.usage.to) : [];
        const outcomes = [...new Set(rows.flatMap((r) => Object.keys(r.outcomes)))].sort((a, b) => (a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b)));
        const perDay = new Map(days.map((d) => [d, {}]));
        const perKey = new Map();
        for (const r of rows) {
            const day = perDay.get(r.day) || {};
            const key = perKey.get(r.key_id) || { id: r.key_id, name: r.key_name, type: r.type, environment: r.environment, outcomes: {}, total: 0 };
            for (const [outcome, n] of Object.entries(r.outcomes)) {
                day[outcome] = (day[outcome] || 0) + n;
                key.outcomes[outcome] = (key.outcomes[outcome] || 0) + n;
            }
            key.total += r.total;
            perDay.set(r.day, day);
            perKey.set(r.key_id, key);
        }
        const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
        const max = Math.max(1, ...[...perDay.values()].map(total));
        const maxKey = Math.max(1, ...[...perKey.values()].map((k) => k.total));
        const width = 720;
        const height = 220;
        const bar = days.length ? width / days.length : width;
        return html`<form class="row card" @submit=${this.apply} aria-label="Usage period">
                <label class="field">From <input type="date" name="from" .value=${this.from} required></label>
                <label class="field">To <input type="date" name="to" .value=${this.to} required></label>
                <button type="submit" ?disabled=${this.loading}>Show</button>
            </form>
            ${this.status()}
            ${this.usage ? html`<figure class="card chart">
                <figcaption>Checks per day by outcome</figcaption>
                <svg viewBox="0 0 ${width} ${height + 20}" role="img" aria-label="Chart of checks per day by outcome; the table below has the same figures">
                    ${days.map((day, i) => {
                        let y = height;
                        return svg`<g>${outcomes.map((o) => {
                            const h = ((perDay.get(day)[o] || 0) / max) * height;
                            y -= h;
                            return h ? svg`<rect x=${i * bar + 2} y=${y} width=${Math.max(bar - 4, 1)} height=${h} fill=${COLOURS[o] || '#888'}><title>${day} ${o}: ${perDay.get(day)[o]}</title></rect>` : nothing;
                        })}${i % Math.ceil(days.length / 10) === 0 ? svg`<text x=${i * bar + bar / 2} y=${height + 15} font-size="11" text-anchor="middle" fill="#5b6275">${formatDay(day)}</text>` : nothing}</g>`;
                    })}
                </svg>
                <div class="legend">${outcomes.map((o) => html`<span><i style="background:${COLOURS[o] || '#888'}"></i>${o}</span>`)}</div>
            </figure>
            <h2 id="usage-per-day">Checks per day</h2>
            <div class="table-wrap"><table aria-labelledby="usage-per-day">
                <thead><tr><th>Day</th>${outcomes.map((o) => html`<th class="num">${o}</th>`)}<th class="num">total</th></tr></thead>
                <tbody>${days.map((day) => html`<tr><td>${day}</td>${outcomes.map((o) => html`<td class="num">${perDay.get(day)[o] || 0}</td>`)}
                    <td class="num">${total(perDay.get(day))}</td></tr>`)}</tbody>
            </table></div>
            <h2 id="usage-per-key">Checks per key</h2>
            <div class="table-wrap"><table aria-labelledby="usage-per-key">
                <thead><tr><th>Key</th><th>Type</th><th>Environment</th><th><span class="visually-hidden">Chart</span></th>
                    ${outcomes.map((o) => html`<th class="num">${o}</th>`)}<th class="num">total</th></tr></thead>
                <tbody>${[...perKey.values()].map((k) => html`<tr><td>${k.name || '—'} <small class="mono">${k.id.slice(0, 8)}</small></td><td>${k.type}</td><td>${k.environment}</td>
                    <td>${this.keyBar(k, outcomes, maxKey)}</td>
                    ${outcomes.map((o) => html`<td class="num">${k.outcomes[o] || 0}</td>`)}<td class="num">${k.total}</td></tr>`)}
                ${perKey.size ? nothing : html`<tr><td colspan=${5 + outcomes.length}>No checks in this period.</td></tr>`}</tbody>
            </table></div>` : nothing}`;
    }
}
customElements.define('lk-usage', Usage);
