// The data API (CONTRACT section 6), the same for both clients; `token()` resolves to the end user's
// token when there is one (row-level security writes need it with a publishable key).
import { withoutSuccess } from "./http.js";

const path = (collection, id) => `/api/data/${encodeURIComponent(collection)}${id === undefined ? "" : `/${encodeURIComponent(id)}`}`;

export function dataApi(http, token = () => null) {
  const call = async (method, collection, id, body, query) =>
    (await http.json(method, path(collection, id), { body, token: await token(), query })).body;
  return {
    /**
     * `{ data, next }` (and `count`, `countEstimated` with `count: true`): a page of documents;
     * pass `next` as `after` for the following page of the same query. `where` is an object of
     * conditions (CONTRACT section 16), `sort` and `fields` arrays or comma-separated strings.
     */
    async list(collection, { where, sort, fields, count, limit, after } = {}) {
      const query = {
        where: where === undefined ? undefined : JSON.stringify(where),
        sort: Array.isArray(sort) ? sort.join(",") : sort,
        fields: Array.isArray(fields) ? fields.join(",") : fields,
        count: count ? "true" : undefined,
        limit,
        after,
      };
      const page = await call("GET", collection, undefined, undefined, query);
      const listed = { data: page.data, next: page.next ?? null };
      if (count) {
        listed.count = page.count;
        listed.countEstimated = page.count_estimated;
      }
      return listed;
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
