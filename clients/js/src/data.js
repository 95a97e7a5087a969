// The data API (CONTRACT section 6), the same for both clients; `token()` resolves to the end user's
// token when there is one (row-level security writes need it with a publishable key).
import { withoutSuccess } from "./http.js";

const path = (collection, id) => `/api/data/${encodeURIComponent(collection)}${id === undefined ? "" : `/${encodeURIComponent(id)}`}`;

export function dataApi(http, token = () => null) {
  const call = async (method, collection, id, body, query) =>
    (await http.json(method, path(collection, id), { body, token: await token(), query })).body;
  return {
    /** `{ data, next }`: a page of documents; pass `next` as `after` for the following one. */
    async list(collection, { limit, after } = {}) {
      const { data, next } = await call("GET", collection, undefined, undefined, { limit, after });
      return { data, next: next ?? null };
    },
    async get(collection, id) {
      return (await call("GET", collection, id)).data;
    },
    async create(collection, document) {
      return (await call("POST", collection, undefined, document)).data;
    },
    async replace(collection, id, document) {
      return (await call("PUT", collection, id, document)).data;
    },
    async update(collection, id, patch) {
      return (await call("PATCH", collection, id, patch)).data;
    },
    async delete(collection, id) {
      withoutSuccess(await call("DELETE", collection, id));
    },
  };
}
