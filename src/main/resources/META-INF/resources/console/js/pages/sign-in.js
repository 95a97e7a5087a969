import { html, nothing } from 'lit';
import { Page } from '../ui.js';
import { get, signInWith } from '../api.js';
import { startOidcSignIn } from '../session.js';

/**
 * Sign-in: the operator's OpenID Connect provider when configured, a pasted admin token
 * otherwise, and in dev mode one click with the dev admin token. A token is kept only once the
 * API has accepted it.
 */
class SignIn extends Page {
    static properties = { config: { type: Object }, notice: { type: String } };

    useToken(token) {
        return this.run(() => signInWith(token));
    }

    async paste(e) {
        e.preventDefault();
        const token = new FormData(e.target).get('token').trim();
        if (!token) {
            this.error = 'Paste an admin token (a JWT from your identity provider) first.';
            return;
        }
        await this.useToken(token);
    }

    async devSignIn() {
        const answer = await this.run(() => get('/console/dev-token'));
        if (answer) {
            await this.useToken(answer.token);
        }
    }

    render() {
        const oidc = this.config?.oidc;
        return html`<main class="signin">
            <div class="card stack">
                <h1>Sign in to the Latchkey console</h1>
                ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
                ${oidc ? html`<button class="primary" type="button" ?disabled=${this.loading}
                        @click=${() => this.run(() => startOidcSignIn(oidc))}>Sign in with ${oidc.name}</button>` : nothing}
                ${this.config?.dev_sign_in ? html`<button class="primary" type="button" ?disabled=${this.loading}
                        @click=${this.devSignIn}>Sign in with the dev admin token</button>` : nothing}
                <form class="stack" @submit=${this.paste}>
                    <div class="field">
                        <label for="admin-token">Admin token</label>
                        <input id="admin-token" name="token" type="password" autocomplete="off" spellcheck="false"
                            aria-describedby="admin-token-help">
                        <span class="help" id="admin-token-help">A JWT from your identity provider holding the group
                            platform-admin or tenant-admin. It stays in this tab only.</span>
                    </div>
                    <div class="row"><button type="submit" ?disabled=${this.loading}>Sign in</button></div>
                </form>
                ${this.status('Signing in…')}
            </div>
        </main>`;
    }
}
customElements.define('lk-sign-in', SignIn);
