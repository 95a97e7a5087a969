// Starts a packaged Latchkey (the JavaScript client's test support) and runs the compiled flow.
import { createRequire } from "node:module";
import { startLatchkey } from "../../../clients/js/test/service.mjs";

const { mainFlow } = createRequire(import.meta.url)("../target/typescript-build/ts/flow.js");
const service = await startLatchkey();
try {
  const steps = await mainFlow(service.url, service.adminToken);
  console.log(`the generated typescript-fetch client ran the main flow: ${steps.join("; ")}`);
} finally {
  await service.stop();
}
