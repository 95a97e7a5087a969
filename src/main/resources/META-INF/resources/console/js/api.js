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

/** One call of the public HTTP API with the signed-in admin's token (and the chosen tenant). */
export async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (session.token) {
        headers.Authorization = `Bearer ${session.token}`;
    }
    if (session.tenant) {
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
            if (res.status === 401 && json?.error === 'invalid_token') {
                window.dispatchEvent(new CustomEvent('lk-token-refused', { detail: error.message }));
            }
            throw error;
        }
        return json;
    } finally {
        busy(-1);
    }
}

export const get = (path) => api('GET', path);

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
