// Realtime (CONTRACT section 17): the stream is read with fetch, so the key and the user token go
// in headers (EventSource cannot send them), parsed as the HTML standard parses event streams, and
// reopened with Last-Event-ID after a disconnection. No dependency.
import { errorOf, LatchkeyError, withoutSuccess } from "./http.js";

/** Ends after which a new stream may carry on: the service asks for it, or a refreshed token may. */
const RESUMABLE = new Set(["unavailable", "slow_consumer", "invalid_token"]);
const MAX_BACKOFF_MS = 30_000;
/** The service sends a comment every 15 s: this long without a byte, the connection is dead. */
const SILENCE_MS = 45_000;

export function realtimeApi(http, token = () => null) {
  return {
    /**
     * Calls `onEvent({ type: "change", collection, op, id, document })` and
     * `onEvent({ type: "message", topic, payload })` as they come. Returns `{ close, closed }`:
     * `closed` resolves when the subscription ends for good (with the LatchkeyError that ended
     * it, or null after `close()`); a lost connection is reopened where it left off.
     */
    subscribe({ collections = [], topics = [] } = {}, onEvent, { onError } = {}) {
      const stop = new AbortController();
      const closed = follow({ http, token, collections, topics, onEvent, onError, signal: stop.signal });
      return { close: () => stop.abort(), closed };
    },
    /** Publishes to a topic: any JSON of at most 32 KiB. A publishable key may where the app's rules allow. */
    async publish(topic, payload) {
      withoutSuccess((await http.json("POST", "/api/realtime/publish", { body: { topic, payload }, token: await token() })).body);
    },
    /** A single-use ticket (60 s) for `new EventSource(url + "/api/realtime/stream?...&ticket=" + ticket)`. */
    async ticket() {
      return withoutSuccess((await http.json("POST", "/api/realtime/ticket", { token: await token() })).body).ticket;
    },
  };
}

async function follow({ http, token, collections, topics, onEvent, onError, signal }) {
  const query = { collections: list(collections), topics: list(topics) };
  let lastEventId = null;
  let failures = 0;
  let tokenRetried = false;
  while (!signal.aborted) {
    let ended;
    let delivered = 0;
    const attempt = new AbortController();
    const stopAttempt = () => attempt.abort();
    signal.addEventListener("abort", stopAttempt, { once: true });
    try {
      const headers = { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) };
      const response = await http.request("GET", "/api/realtime/stream", { query, token: await token(), headers, signal: attempt.signal });
      if (!response.ok) {
        const text = await response.text();
        throw errorOf(response, text ? JSON.parse(text) : null);
      }
      ended = await read(response.body, attempt, (event) => {
        lastEventId = event.id ?? lastEventId;
        if (event.type === "end") return;
        delivered++;
        tokenRetried = false;
        try {
          onEvent({ type: event.type, ...JSON.parse(event.data) });
        } catch (error) {
          onError?.(error); // the application's handler failed: its problem, not the stream's
        }
      });
    } catch (error) {
      if (signal.aborted) return null;
      const expiredToken = error instanceof LatchkeyError && error.error === "invalid_token" && !tokenRetried;
      if (!(error instanceof LatchkeyError) || error.status === 0 || error.status === 429 || error.status >= 500 || expiredToken) {
        onError?.(error);
        tokenRetried ||= expiredToken;
        const asked = error instanceof LatchkeyError && error.retryAfter !== null ? error.retryAfter * 1000 : null;
        await pause(asked ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures++), signal);
        continue;
      }
      return finish(error, onError);
    } finally {
      signal.removeEventListener("abort", stopAttempt);
      attempt.abort();
    }
    if (signal.aborted) return null;
    const error = ended ? new LatchkeyError({ status: 0, ...JSON.parse(ended.data) }) : null;
    if (error && (!RESUMABLE.has(error.error) || (error.error === "invalid_token" && tokenRetried))) {
      return finish(error, onError);
    }
    // an expired user token gets one more try, after the client has refreshed it
    tokenRetried = error?.error === "invalid_token";
    // a stream that delivered something resumes at once; one that ended empty backs off
    failures = delivered > 0 ? 0 : failures + 1;
    await pause(delivered > 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures), signal);
  }
  return null;
}

function finish(error, onError) {
  onError?.(error);
  return error;
}

/** Reads events until the stream ends (or stays silent too long: `attempt` is then aborted); the `end` event if the service sent one. */
async function read(body, attempt, dispatch) {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let silence = setTimeout(() => attempt.abort(), SILENCE_MS);
  let buffer = "";
  let event = { type: "message", data: null, id: null };
  let ended = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      clearTimeout(silence);
      if (done) return ended;
      silence = setTimeout(() => attempt.abort(), SILENCE_MS);
      buffer += decoder.decode(value, { stream: true });
      let newline;
      // a lone \r at the end may be the first half of \r\n: wait for the next chunk
      while ((newline = buffer.search(/\r\n|\r(?!$)|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (event.data !== null) {
            if (event.type === "end") ended = event;
            dispatch(event);
          }
          event = { type: "message", data: null, id: event.id };
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event.type = text;
          else if (field === "data") event.data = event.data === null ? text : `${event.data}\n${text}`;
          else if (field === "id") event.id = text;
        }
      }
    }
  } catch (error) {
    if (attempt.signal.aborted) return ended; // silence, or close(): the caller decides what follows
    throw error;
  } finally {
    clearTimeout(silence);
    reader.cancel().catch(() => {});
  }
}

const list = (value) => (Array.isArray(value) ? value.join(",") : value) || undefined;

const pause = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
});
