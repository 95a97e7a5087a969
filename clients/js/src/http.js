// The one place requests are made: timeouts, bounded retries on 429 and 503 honouring
// Retry-After, and every non-2xx answer turned into a LatchkeyError. No dependency: fetch.

/** A failed call: the contract's error body, with the HTTP status. */
export class LatchkeyError extends Error {
  constructor({ status, error, message, requiredPermission = null, retryAfter = null }) {
    super(message ?? error);
    this.name = "LatchkeyError";
    this.status = status;
    this.error = error;
    this.requiredPermission = requiredPermission;
    this.retryAfter = retryAfter;
  }
}

const RETRIED = new Set([429, 503]);

/**
 * A transport bound to one base URL and key. `retries` bounds the retries of a 429 or 503 answer
 * (each waits what Retry-After says, at most `maxRetryWaitMs`); `timeoutMs` bounds each attempt.
 */
export function transport({ baseUrl, key, fetch: fetchImpl = globalThis.fetch, timeoutMs = 10_000, retries = 2, maxRetryWaitMs = 10_000 }) {
  if (!baseUrl) throw new TypeError("baseUrl is required, such as https://keys.example.com");
  const base = baseUrl.replace(/\/+$/, "");

  /**
   * One call. With `signal` (an open stream) the timeout bounds only the wait for the answer's
   * head, and the caller's signal ends the call whenever it likes.
   */
  async function request(method, path, { body, token, headers = {}, query, signal } = {}) {
    const url = new URL(base + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const sent = { "x-api-key": key, accept: "application/json", ...headers };
    if (token) sent.authorization = `Bearer ${token}`;
    if (body !== undefined) sent["content-type"] = "application/json";
    for (let attempt = 0; ; attempt++) {
      let response;
      const headTimeout = signal ? new AbortController() : null;
      const timer = headTimeout && setTimeout(() => headTimeout.abort(new DOMException("No answer", "TimeoutError")), timeoutMs);
      try {
        response = await fetchImpl(url, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, headTimeout.signal]) : AbortSignal.timeout(timeoutMs) });
      } catch (cause) {
        if (signal?.aborted) throw cause;
        const timedOut = cause?.name === "TimeoutError";
        throw Object.assign(new LatchkeyError({ status: 0, error: timedOut ? "timeout" : "network_error",
          message: timedOut ? `No answer within ${timeoutMs} ms` : `The request failed: ${cause?.message ?? cause}` }), { cause });
      } finally {
        clearTimeout(timer);
      }
      if (RETRIED.has(response.status) && attempt < retries) {
        const wait = retryAfterMs(response);
        if (wait !== null && wait <= maxRetryWaitMs) {
          await response.body?.cancel();
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
      }
      return response;
    }
  }

  /** The parsed JSON answer of a call that must succeed (304 gives null). */
  async function json(method, path, options) {
    const response = await request(method, path, options);
    if (response.status === 304) return { response, body: null };
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw errorOf(response, body);
    return { response, body };
  }

  return { request, json, base };
}

function retryAfterMs(response) {
  const value = response.headers.get("retry-after");
  if (value === null) return response.status === 503 ? 1000 : null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export function errorOf(response, body) {
  const retryAfter = response.headers.get("retry-after");
  return new LatchkeyError({
    status: response.status,
    error: body?.error ?? "http_error",
    message: body?.message ?? `HTTP ${response.status}`,
    requiredPermission: body?.required_permission ?? null,
    retryAfter: retryAfter === null ? null : Number(retryAfter),
  });
}

/** A body without the contract's `success` flag. */
export function withoutSuccess(body) {
  if (body === null || typeof body !== "object") return body;
  const { success, ...rest } = body;
  return rest;
}

/**
 * "pk" or "sk" for a value shaped like a Latchkey key (after the operator's `LATCHKEY_KEY_PREFIX`,
 * such as `acme_sk_live_…`, when the deployment sets one), else null.
 */
export function keyType(value) {
  const shape = typeof value === "string" ? /^(?:[a-z0-9]{1,12}_)?(pk|sk)_(?:live|test)_/.exec(value) : null;
  return shape ? shape[1] : null;
}
