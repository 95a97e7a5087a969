import { html, nothing } from 'lit';
import { Page, formatTime, confirmDialog } from '../ui.js';
import { api, get, query } from '../api.js';

/** A user by e-mail, or by the id its external issuer gave it (such users may have no e-mail). */
const nameOf = (user) => user.email ?? `external user ${user.external_id}`;

/** An application's end users (CONTRACT section 13): search by e-mail, disable or enable, sign out, delete. */
class Users extends Page {
    static properties = {
        app: { type: Object }, rows: { state: true }, next: { state: true }, environment: { state: true },
        emailPrefix: { state: true }, notice: { state: true },
    };

    constructor() {
        super();
        this.rows = [];
        this.environment = 'live';
        this.emailPrefix = '';
    }

    updated(changed) {
        if (changed.has('app') && this.app) {
            this.load();
        }
    }

    async load(after) {
        const path = `/api/v1/applications/${this.app.id}/users${query({ environment: this.environment, email: this.emailPrefix, limit: 50, after })}`;
        const page = await this.latest(() => get(path));
        if (page) {
            this.rows = after ? [...this.rows, ...page.data] : page.data;
            this.next = page.next;
        }
    }

    search(e) {
        e.preventDefault();
        const form = new FormData(e.target);
        this.environment = form.get('environment');
        this.emailPrefix = form.get('email').trim();
        this.notice = '';
        this.load();
    }

    path(user) {
        return `/api/v1/applications/${this.app.id}/users/${user.id}`;
    }

    async setDisabled(user, disabled) {
        const changed = await this.run(() => api('PATCH', this.path(user), { disabled }));
        if (changed) {
            this.rows = this.rows.map((row) => (row.id === user.id ? changed : row));
            this.notice = `${nameOf(user)} is ${disabled ? 'disabled: every session has ended' : 'enabled'}.`;
        }
    }

    async signOut(user) {
        if ((await this.run(() => api('POST', `${this.path(user)}/sign-out`))) !== undefined) {
            this.notice = `Every session of ${nameOf(user)} has ended.`;
        }
    }

    async deleteUser(user, withDocuments) {
        const sure = await confirmDialog(this, {
            title: withDocuments ? 'Delete this user and its documents?' : 'Delete this user?',
            body: withDocuments
                ? `${nameOf(user)} is erased with its sessions, and every document it owns is deleted. This cannot be undone.`
                : `${nameOf(user)} is erased with its sessions. The documents it owns stay, without an owner who can sign in. This cannot be undone.`,
            confirm: withDocuments ? 'Delete user and documents' : 'Delete user, keep documents',
        });
        if (sure && (await this.run(() => api('DELETE', `${this.path(user)}${withDocuments ? '?documents=delete' : ''}`))) !== undefined) {
            this.rows = this.rows.filter((row) => row.id !== user.id);
            this.notice = `${nameOf(user)} is deleted.`;
        }
    }

    render() {
        return html`<form class="card row" @submit=${(e) => this.search(e)} aria-label="Find users">
                <span class="field"><label for="users-environment">Environment</label><select id="users-environment" name="environment">
                    <option value="live" ?selected=${this.environment === 'live'}>live</option>
                    <option value="test" ?selected=${this.environment === 'test'}>test</option></select></span>
                <label class="field">E-mail starts with <input name="email" type="search" .value=${this.emailPrefix}></label>
                <button class="primary" type="submit" ?disabled=${this.loading}>Search</button>
            </form>
            ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
            ${this.status()}
            <div class="table-wrap"><table aria-label="Users">
                <thead><tr><th>E-mail</th><th>Verified</th><th>Status</th><th>Signs in with</th><th>Second factor</th><th>Created</th>
                    <th>Last sign-in</th><th>Actions</th></tr></thead>
                <tbody>${this.rows.map((user) => html`<tr>
                    <td>${nameOf(user)}</td><td>${user.email_verified ? 'yes' : 'no'}</td>
                    <td>${user.disabled ? 'disabled' : 'active'}</td><td>${user.methods.join(', ') || 'mailed links'}</td>
                    <td>${user.mfa ? 'TOTP' : 'none'}</td>
                    <td>${formatTime(user.created_at)}</td><td>${user.last_sign_in_at ? formatTime(user.last_sign_in_at) : 'never'}</td>
                    <td class="row">
                        ${user.disabled
                            ? html`<button type="button" @click=${() => this.setDisabled(user, false)}>Enable</button>`
                            : html`<button type="button" @click=${() => this.setDisabled(user, true)}>Disable</button>`}
                        <button type="button" @click=${() => this.signOut(user)}>Sign out</button>
                        <button type="button" class="danger" @click=${() => this.deleteUser(user, false)}>Delete</button>
                        <button type="button" class="danger" @click=${() => this.deleteUser(user, true)}>Delete with documents</button>
                    </td></tr>`)}
                ${this.rows.length || this.loading ? nothing : html`<tr><td colspan="8">No user found.</td></tr>`}</tbody>
            </table></div>
            ${this.next ? html`<button type="button" @click=${() => this.load(this.next)}>Load more</button>` : nothing}`;
    }
}
customElements.define('lk-users', Users);
