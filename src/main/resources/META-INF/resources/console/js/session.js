// The signed-in admin's token lives in this tab's session storage only (never a cookie, never
// local storage, never the URL): closing the tab or signing out forgets it.
const TOKEN = 'latchkey.console.token';
const TENANT = 'latchkey.console.tenant';
const PENDING_SIGN_IN = 'latchkey.console.oidc';

function changed() {
    window.dispatchEvent(new Event('lk-session'));
}

function base64url(bytes) {
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const session = {
    get token() {
        return sessionStorage.getItem(TOKEN);
    },
    get tenant() {
        return sessionStorage.getItem(TENANT) || '';
    },
    set tenant(id) {
        if (id) {
            sessionStorage.setItem(TENANT, id);
        } else {
            sessionStorage.removeItem(TENANT);
        }
        changed();
    },
    signIn(token) {
        sessionStorage.setItem(TOKEN, token.trim());
        changed();
    },
    signOut() {
        sessionStorage.removeItem(TOKEN);
        sessionStorage.removeItem(TENANT);
        changed();
    },
    /** The token's claims, read for display only: the API decides what the token may do. */
    claims() {
        try {
            const payload = this.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
            return JSON.parse(decodeURIComponent(escape(atob(payload))));
        } catch {
            return {};
        }
    },
    get platformAdmin() {
        const groups = this.claims().groups;
        return Array.isArray(groups) && groups.includes('platform-admin');
    },
};

function redirectUri() {
    return `${location.origin}/console/`;
}

/**
 * OpenID Connect, authorization code with PKCE (RFC 7636), entirely in the browser: the API
 * stays bearer-token only. Written by hand (about forty lines): no maintained OIDC client is
 * published as an mvnpm jar, and the console has no Node build step.
 */
export async function startOidcSignIn(oidc) {
    const discovery = await fetch(`${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
        .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`the provider answered ${res.status}`))));
    if (discovery.issuer?.replace(/\/$/, '') !== oidc.issuer.replace(/\/$/, '')) {
        throw new Error(`The provider's discovery document names another issuer (${discovery.issuer})`);
    }
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem(PENDING_SIGN_IN, JSON.stringify({ verifier, state, tokenEndpoint: discovery.token_endpoint }));
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
        response_type: 'code', client_id: oidc.client_id, redirect_uri: redirectUri(), scope: oidc.scopes,
        state, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
}

/** Completes a sign-in the provider redirected back to: its token, or null when this page load is not one. */
export async function finishOidcSignIn(oidc) {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) {
        return null;
    }
    // the one-time code leaves the address bar (and the history) before anything else happens
    history.replaceState(null, '', location.pathname + location.hash);
    const pending = JSON.parse(sessionStorage.getItem(PENDING_SIGN_IN) || 'null');
    sessionStorage.removeItem(PENDING_SIGN_IN);
    // nothing of an answer to a sign-in not started here is shown or used
    if (!pending || pending.state !== params.get('state')) {
        throw new Error('The sign-in answer does not match a sign-in started here; please sign in again.');
    }
    if (params.has('error')) {
        throw new Error(`The identity provider refused the sign-in: ${params.get('error_description') || params.get('error')}`);
    }
    const res = await fetch(pending.tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
            grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
            client_id: oidc.client_id, code_verifier: pending.verifier,
        }),
    });
    const body = await res.json().catch(() => ({}));
    const token = oidc.token === 'id_token' ? body.id_token : body.access_token;
    if (!res.ok || !token) {
        throw new Error(`The identity provider gave no token: ${body.error_description || body.error || res.status}`);
    }
    return token;
}
