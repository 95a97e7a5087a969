// Serves the one-page examples and the browser client as they are (no build step):
// `/` is index.html, `/sign-in` the sign-in components' example, `/client/*.js` the files of clients/js/src.
//
//   node serve.mjs   (PORT, default 5173)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

/** The request listener, also used by the client's browser test. */
export async function serveExample(request, response) {
  const path = new URL(request.url, "http://x").pathname;
  try {
    if (path === "/") {
      return response.writeHead(200, { "content-type": "text/html" }).end(await readFile(new URL("./index.html", import.meta.url)));
    }
    if (path === "/sign-in") {
      return response.writeHead(200, { "content-type": "text/html" }).end(await readFile(new URL("../sign-in/index.html", import.meta.url)));
    }
    const client = path.match(/^\/client\/([a-z-]+\.js)$/);
    if (client) {
      const file = new URL(`../../clients/js/src/${client[1]}`, import.meta.url);
      return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(file));
    }
  } catch {
    // a file that is not there: 404 below
  }
  response.writeHead(404).end();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 5173);
  createServer(serveExample).listen(port, () => console.log(`http://localhost:${port}/?key=pk_…&api=http://localhost:8080`));
}
