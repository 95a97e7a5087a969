// The committed OpenAPI document against what the service really sends (CONTRACT section 11):
// a packaged Latchkey behind Prism's validating proxy (Stoplight's, not ours), a normal flow
// through it (tenant, application, keys read-only and with a map, rotation, identify, keys/self,
// verify, access token, JWKS, documents, end users, usage, audit log, webhooks, a leak report),
// and every request and answer checked against docs/openapi.yaml. Any violation fails the run.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { startLatchkey } from "../../clients/js/test/service.mjs";
import { runFlow } from "./flow.mjs";

const document = fileURLToPath(new URL("../../docs/openapi.yaml", import.meta.url));
const prismBin = fileURLToPath(new URL("./node_modules/.bin/prism", import.meta.url));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const service = await startLatchkey();
let prism;
let failed = true;
try {
  const port = await freePort();
  let output = "";
  prism = spawn(prismBin, ["proxy", document, service.url, "--host", "127.0.0.1", "--port", String(port), "--errors", "false"]);
  prism.stdout.on("data", (chunk) => { output += chunk; });
  prism.stderr.on("data", (chunk) => { output += chunk; });
  const proxy = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120 && !output.includes("Prism is listening"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!output.includes("Prism is listening")) throw new Error(`Prism did not start:\n${output}`);
  const calls = await runFlow(proxy, service.adminToken);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const violations = output.split("\n").filter((line) => line.includes("Violation"));
  const serverErrors = calls.filter((call) => call.status >= 500);
  console.log(`${calls.length} requests through Prism's validating proxy: ${violations.length} violations of docs/openapi.yaml, `
    + `${serverErrors.length} server errors`);
  for (const line of violations) console.log(line.trim());
  for (const call of serverErrors) console.log(`${call.method} ${call.path} answered ${call.status}`);
  failed = violations.length > 0 || serverErrors.length > 0;
} finally {
  prism?.kill();
  await service.stop();
}
process.exit(failed ? 1 : 0);
