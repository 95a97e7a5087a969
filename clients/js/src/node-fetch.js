// A minimal fetch over node:http and node:https for the server client. Node's own fetch (undici)
// adds `Sec-Fetch-Mode: cors` to every request and does not let a caller remove it, and the
// contract treats a request carrying that header as a browser's: a secret key sent with Node's
// fetch would be refused with 401 secret_key_in_browser. Only what the transport uses is here.
import http from "node:http";
import https from "node:https";

export function nodeFetch(url, { method = "GET", headers = {}, body, signal } = {}) {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(target, { method, headers, signal }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const status = response.statusCode;
        const answer = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of [].concat(value)) answer.append(name, one);
        }
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: answer }));
      });
    });
    request.on("error", (error) => reject(signal?.aborted ? signal.reason : error));
    request.end(body);
  });
}
