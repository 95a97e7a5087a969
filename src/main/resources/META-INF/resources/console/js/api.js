import { session } from './session.js';

/** An answer other than 2xx, in words a person can act on (CONTRACT section 4 error body). */
export class ApiError extends Error {
    constructor(status, body) {
        const words = body?.message || `The service answered ${status}`;
        const permission = body?.required_permission ? ` Missing permission: ${body.required_permission}.` : '';
        super(`${words}${words.endsWith('.') ? '' : '.'}${permission}`);
        this.status = status;
        this.code = body?.error;
    }
}

let inFlight = 0;

function busy(delta) {
    inFlight += delta;
    document.getElementById('busy')?.toggleAttribute('hidden', inFlight === 0);
}

/**
 * One call of the public HTTP API with the signed-in admin's token and the chosen tenant;
 * `options.token` calls with another token, `options.tenant: false` without X-Tenant.
 */
export async function api(method, path, body, options = {}) {
    const headers = { Accept: 'application/json' };
    const token = options.token ?? session.token;
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    if (session.tenant && options.tenant !== false) {
        headers['X-Tenant'] = session.tenant;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    busy(+1);
    try {
        let res;
        try {
            res = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
        } catch {
            throw new ApiError(0, { message: 'The service could not be reached. Check your connection and try again' });
        }
        const text = await res.text();
        let json = null;
        try {
            json = text ? JSON.parse(text) : null;
        } catch {
            json = null;
        }
        if (!res.ok) {
            const error = new ApiError(res.status, json);
            if (res.status === 401 && json?.error === 'invalid_token' && !options.token) {
                window.dispatchEvent(new CustomEvent('lk-token-refused', { detail: error.message }));
            }
            throw error;
        }
        return json;
    } finally {
        busy(-1);
    }
}

export const get = (path, options) => api('GET', path, undefined, options);

/**
 * Every tenant the token may see (a platform admin: all), page after page. Without X-Tenant: with
 * it, a platform admin's listing narrows to the chosen tenant.
 */
export async function allTenants(options = {}) {
    const tenants = [];
    let after;
    do {
        const page = await get(`/api/v1/tenants${query({ limit: 200, after })}`, { ...options, tenant: false });
        tenants.push(...page.data);
        after = page.next;
    } while (after);
    return tenants;
}

/** Keeps a token for this tab only once the API has accepted it as an admin token. */
export async function signInWith(token) {
    const trimmed = token.trim();
    await get('/api/v1/tenants?limit=1', { token: trimmed, tenant: false });
    session.signIn(trimmed);
}

/** The query string of an object, leaving out empty values. */
export function query(params) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
        if (value !== undefined && value !== null && value !== '') {
            search.set(name, value);
        }
    }
    const text = search.toString();
    return text ? `?${text}` : '';
}
