import { html, nothing } from 'lit';
import { Page, formatTime, keyStatus, confirmDialog, words } from '../ui.js';
import { api, get, query } from '../api.js';

const RESOURCES = ['applications', 'keys', 'data', 'users', 'analytics', 'audit'];
const GRACE_PERIODS = [[0, 'None: the old key stops now'], [3600, '1 hour'], [86400, '1 day'], [604800, '7 days']];

/** The four keys of a just-created application, for the shown-once dialog. */
export function keysOf(app) {
    const out = [];
    for (const environment of ['live', 'test']) {
        const pair = app.keys?.[environment];
        if (pair) {
            out.push({ label: `${environment === 'live' ? 'Live' : 'Test'} publishable key`, value: pair.publishable_key });
            out.push({ label: `${environment === 'live' ? 'Live' : 'Test'} secret key`, value: pair.secret_key });
        }
    }
    return out;
}

/**
 * An application's keys (CONTRACT section 10): the table, new restricted secret keys, rotation
 * with a grace period, suspension and revocation; new secrets are shown once.
 */
class Keys extends Page {
    static properties = {
        app: { type: Object }, keys: { state: true }, dialog: { state: true }, shown: { state: true }, formError: { state: true },
    };

    constructor() {
        super();
        this.keys = [];
        this.shown = [];
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
        if (changed.has('dialog') && this.dialog) {
            this.querySelector('dialog.form')?.showModal();
        }
    }

    async load() {
        const keys = [];
        let after = null;
        const ok = await this.latest(async () => {
            do {
                const page = await get(`/api/v1/applications/${this.app.id}/keys${query({ limit: 200, after })}`);
                keys.push(...page.data);
                after = page.next;
            } while (after);
            return true;
        });
        if (ok) {
            this.keys = keys;
        }
    }

    close() {
        this.querySelector('dialog.form')?.close();
        this.dialog = null;
        this.formError = '';
    }

    /** Runs a dialog's call: errors stay in the dialog, success closes it. */
    async submit(work) {
        this.formError = '';
        const answer = await this.run(work);
        if (answer === undefined) {
            this.formError = this.error;
            this.error = '';
            return undefined;
        }
        this.close();
        await this.load();
        return answer;
    }

    async rotate(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const type = form.get('type');
        const environment = form.get('environment');
        const answer = await this.submit(() => api('POST', `/api/v1/settings/applications/${this.app.id}/rotate-secret`, {
            environment, type, grace_period_seconds: Number(form.get('grace')),
        }));
        if (answer) {
            const label = `New ${environment} ${type} key`;
            this.shown = [{ label, value: answer.secret_key || answer.publishable_key }];
        }
    }

    async createKey(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        const body = { name: form.get('name').trim(), environment: form.get('environment'), permissions: {} };
        for (const resource of RESOURCES) {
            body.permissions[resource] = form.get(`perm-${resource}`);
        }
        const scopes = form.getAll('scope');
        if (scopes.length) {
            body.scopes = scopes;
        }
        if (form.get('expires')) {
            body.expires_at = new Date(form.get('expires')).toISOString();
        }
        if (form.get('external_id').trim()) {
            body.external_id = form.get('external_id').trim();
        }
        const allowlist = words(form.get('ip_allowlist'));
        if (allowlist.length) {
            body.ip_allowlist = allowlist;
        }
        if (form.get('credits')) {
            body.credits = { remaining: Number(form.get('credits')), refill: null };
            if (form.get('refill_amount')) {
                body.credits.refill = { amount: Number(form.get('refill_amount')), interval: form.get('refill_interval') };
            }
        }
        if (form.get('meta').trim()) {
            try {
                body.meta = JSON.parse(form.get('meta'));
            } catch {
                this.formError = 'Metadata must be a JSON object, such as {"plan": "pro"}.';
                return;
            }
        }
        const answer = await this.submit(() => api('POST', `/api/v1/applications/${this.app.id}/keys`, body));
        if (answer) {
            this.shown = [{ label: `Secret key "${answer.name}" (${answer.environment})`, value: answer.secret_key }];
        }
    }

    async revoke(key) {
        const sure = await confirmDialog(this, {
            title: 'Revoke this key?',
            body: `${key.name || key.hint} stops working on every instance at once. This cannot be undone.`,
            confirm: 'Revoke key',
        });
        if (sure && (await this.run(() => api('DELETE', `/api/v1/applications/${this.app.id}/keys/${key.id}`))) !== undefined) {
            await this.load();
        }
    }

    async setEnabled(key, enabled) {
        if (await this.run(() => api('PATCH', `/api/v1/applications/${this.app.id}/keys/${key.id}`, { enabled }))) {
            await this.load();
        }
    }

    rotateDialog() {
        return html`<dialog class="form" aria-labelledby="rotate-title" @close=${() => { this.dialog = null; }}>
            <h2 id="rotate-title">Rotate a key</h2>
            <form class="stack" @submit=${this.rotate}>
                <div class="field"><label for="rotate-environment">Environment</label>
                    <select id="rotate-environment" name="environment"><option value="live">live</option><option value="test">test</option></select></div>
                <div class="field"><label for="rotate-type">Key</label>
                    <select id="rotate-type" name="type"><option value="secret">secret key</option><option value="publishable">publishable key</option></select></div>
                <div class="field"><label for="grace-period">Grace period</label>
                    <select id="grace-period" name="grace" aria-describedby="grace-help">
                        ${GRACE_PERIODS.map(([seconds, words]) => html`<option value=${seconds}>${words}</option>`)}</select>
                    <span class="help" id="grace-help">How long the previous key keeps working, so your servers can switch over.</span></div>
                ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
                <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Rotate</button>
                    <button type="button" @click=${this.close}>Cancel</button></div>
            </form></dialog>`;
    }

    newKeyDialog() {
        const scopes = this.app.scopes || [];
        return html`<dialog class="form" aria-labelledby="new-key-title" @close=${() => { this.dialog = null; }}>
            <h2 id="new-key-title">New secret key</h2>
            <form class="stack" @submit=${this.createKey}>
                <label class="field">Name <input name="name" required maxlength="200"></label>
                <div class="field"><label for="key-environment">Environment</label>
                    <select id="key-environment" name="environment"><option value="live">live</option><option value="test">test</option></select></div>
                <fieldset><legend>Permissions</legend><div class="matrix">
                    ${RESOURCES.map((resource) => html`<div class="field"><label for="perm-${resource}">${resource}</label>
                        <select id="perm-${resource}" name="perm-${resource}">
                            <option value="none">none</option>
                            <option value="read" ?selected=${resource === 'keys'}>read</option>
                            ${resource === 'keys' ? nothing : html`<option value="write" selected>write</option>`}
                        </select></div>`)}
                </div><span class="help">Key management (keys: write) stays with admins.</span></fieldset>
                ${scopes.length ? html`<fieldset><legend>Scopes (none checked: all of the application's)</legend><div class="matrix">
                    ${scopes.map((scope) => html`<label><input type="checkbox" name="scope" value=${scope}> ${scope}</label>`)}</div></fieldset>` : nothing}
                <label class="field">Expires (optional) <input name="expires" type="datetime-local"></label>
                <label class="field">External id (optional) <input name="external_id" maxlength="255"></label>
                <label class="field">IP allowlist (optional, addresses or CIDR ranges) <textarea name="ip_allowlist"></textarea></label>
                <fieldset><legend>Credits (optional)</legend><div class="row">
                    <label class="field">Credits <input name="credits" type="number" min="0" max="1000000000"></label>
                    <label class="field">Refill amount <input name="refill_amount" type="number" min="1" max="1000000000"></label>
                    <div class="field"><label for="refill-interval">Refill</label><select id="refill-interval" name="refill_interval">
                        <option value="daily">daily</option><option value="monthly">monthly</option></select></div>
                </div></fieldset>
                <label class="field">Metadata (optional JSON object) <textarea name="meta" placeholder='{"plan": "pro"}'></textarea></label>
                ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
                <div class="row"><button class="primary" type="submit" ?disabled=${this.loading}>Create key</button>
                    <button type="button" @click=${this.close}>Cancel</button></div>
            </form></dialog>`;
    }

    row(key) {
        const status = keyStatus(key);
        const live = status !== 'revoked' && status !== 'expired';
        return html`<tr>
            <td><code>${key.hint}</code></td><td>${key.type}</td><td>${key.environment}</td><td>${key.name || '—'}</td>
            <td>${formatTime(key.created_at)}</td><td>${formatTime(key.last_used_at)}</td><td>${formatTime(key.expires_at)}</td>
            <td><span class="status ${status}">${status}</span>${key.credits ? html`<br><small>${key.credits.remaining} credits left</small>` : nothing}</td>
            <td><div class="row">
                ${live && key.enabled !== false ? html`<button type="button" @click=${() => this.setEnabled(key, false)}>Suspend</button>` : nothing}
                ${live && key.enabled === false ? html`<button type="button" @click=${() => this.setEnabled(key, true)}>Resume</button>` : nothing}
                ${status !== 'revoked' ? html`<button type="button" class="danger" @click=${() => this.revoke(key)}>Revoke</button>` : nothing}
            </div></td></tr>`;
    }

    render() {
        return html`<div class="row">
                <button type="button" class="primary" @click=${() => { this.dialog = 'new'; }}>New secret key</button>
                <button type="button" @click=${() => { this.dialog = 'rotate'; }}>Rotate secret key</button>
            </div>
            ${this.status()}
            <div class="table-wrap"><table aria-label="Keys">
                <thead><tr><th>Hint</th><th>Type</th><th>Environment</th><th>Name</th><th>Created</th><th>Last used</th>
                    <th>Expires</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>${this.keys.map((key) => this.row(key))}</tbody>
            </table></div>
            ${this.dialog === 'rotate' ? this.rotateDialog() : nothing}
            ${this.dialog === 'new' ? this.newKeyDialog() : nothing}
            <lk-secrets-once heading="Save the new key now" .secrets=${this.shown} @saved=${() => { this.shown = []; }}></lk-secrets-once>`;
    }
}
customElements.define('lk-keys', Keys);
