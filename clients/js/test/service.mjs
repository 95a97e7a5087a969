// Starts one packaged Latchkey on embedded PostgreSQL and Redis for these tests, through the
// Java test support (`./mvnw exec:java@serve-for-clients`; the service must be packaged first:
// `./mvnw package -DskipTests` at the top level). Gives its URL and a platform admin's token.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export async function startLatchkey() {
  const child = spawn(`${root}mvnw`, ["-B", "-q", "-ntp", "exec:java@serve-for-clients"], {
    cwd: root, stdio: ["pipe", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk) => { errors = (errors + chunk).slice(-4000); });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const started = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error("Latchkey did not start within 180 s")), 180_000);
    lines.on("line", (line) => {
      if (line.startsWith("{") && line.includes("\"url\"")) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.on("exit", (code) => reject(new Error(`the Latchkey launcher exited (${code}) before it was ready `
      + `(JAVA_HOME must be a JDK 21 or newer, and the service packaged: ./mvnw package -DskipTests):\n${errors}`)));
  });
  return {
    ...started,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}

/** An admin call, which must succeed: its JSON answer. */
export async function admin(service, method, path, body, tenant) {
  const response = await fetch(service.url + path, {
    method,
    headers: { authorization: `Bearer ${service.adminToken}`, "content-type": "application/json", ...(tenant ? { "x-tenant": tenant } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
