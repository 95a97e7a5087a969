// The realtime load of bench/realtime.sh: SUBSCRIBERS Server-Sent Events streams spread over the
// instances' URLs, each on one of ROOMS topics (bench/<room>), and RATE messages a second
// published to random rooms through the instances in turn, first WARMUP seconds uncounted (the
// instances' JIT warms up on the realtime paths, as a running service's has), then SECONDS twice:
// latencies are those of the first SECONDS (the load alone), the second leaves the caller time to
// measure something else under the same load. Every message carries its send time and phase; a delivery's latency
// is its arrival time minus that (one process, one clock). Prints `{"phase":"open",...}` once
// every stream is open (then waits HOLD seconds, for the caller to measure memory),
// `{"phase":"second"}` when the second half begins, then the results as one JSON line.
//
//   node bench/realtime.mjs URL[,URL...] SECRET_KEY SUBSCRIBERS ROOMS RATE SECONDS HOLD WARMUP
const [urlList, key, subscribers, rooms, rate, seconds, hold, warmup] = process.argv.slice(2).map((v, i) => (i < 2 ? v : Number(v)));
const urls = urlList.split(",");
const now = () => performance.timeOrigin + performance.now();
const latencies = [];
let delivered = 0;
let failedOpens = 0;
const refusals = {};
const ends = {};

async function subscribe(i) {
  const response = await fetch(`${urls[i % urls.length]}/api/realtime/stream?topics=bench/${i % rooms}`,
    { headers: { "x-api-key": key, accept: "text/event-stream" } });
  if (response.status !== 200) {
    failedOpens++;
    await response.body?.cancel();
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "message";
  const opened = reader.read().then(function pump({ value, done }) {
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (line.startsWith("event:")) {
        event = line.slice(6).trim();
      } else if (line.startsWith("data:") && event === "end") {
        const { error } = JSON.parse(line.slice(5));
        ends[error] = (ends[error] ?? 0) + 1;
      } else if (line.startsWith("data:")) {
        const { payload } = JSON.parse(line.slice(5));
        if (payload.phase > 0) delivered++;
        if (payload.phase === 1) latencies.push(now() - payload.t);
      } else if (line === "") {
        event = "message";
      }
    }
    return reader.read().then(pump);
  });
  return { reader, opened };
}

const streams = [];
for (let i = 0; i < subscribers; i += 100) {
  streams.push(...await Promise.all(Array.from({ length: Math.min(100, subscribers - i) }, (_, j) => subscribe(i + j))));
}
console.log(JSON.stringify({ phase: "open", opened: subscribers - failedOpens, failed: failedOpens }));
await new Promise((resolve) => setTimeout(resolve, hold * 1000));

let published = 0;
let failedPublishes = 0;
const warmupMessages = rate * warmup;
const total = warmupMessages + rate * seconds * 2;
const started = now();
const sends = [];
let secondHalf = false;
while (published < total) {
  const due = Math.floor(((now() - started) / 1000) * rate);
  for (; published < Math.min(due, total); published++) {
    const url = urls[published % urls.length];
    const phase = published < warmupMessages ? 0 : published < warmupMessages + rate * seconds ? 1 : 2;
    if (phase === 2 && !secondHalf) {
      secondHalf = true;
      console.log(JSON.stringify({ phase: "second" }));
    }
    sends.push(fetch(`${url}/api/realtime/publish`, { method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ topic: `bench/${Math.floor(Math.random() * rooms)}`, payload: { t: now(), phase } }) })
      .then(async (answer) => {
        if (answer.status !== 202) {
          if (phase > 0) failedPublishes++;
          refusals[answer.status] = (refusals[answer.status] ?? 0) + 1;
        }
        await answer.body?.cancel();
      })
      .catch((error) => {
        if (phase > 0) failedPublishes++;
        refusals[error.cause?.code ?? error.name] = (refusals[error.cause?.code ?? error.name] ?? 0) + 1;
      }));
  }
  await new Promise((resolve) => setTimeout(resolve, 2));
}
await Promise.all(sends);
await new Promise((resolve) => setTimeout(resolve, 2000));
for (const stream of streams) stream?.reader.cancel().catch(() => {});
latencies.sort((x, y) => x - y);
const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1) : "n/a");
const counted = published - warmupMessages;
console.log(JSON.stringify({ phase: "done", published: counted, failedPublishes, refusals: JSON.stringify(refusals),
  ends: JSON.stringify(ends), delivered,
  expected: (counted - failedPublishes) * (subscribers - failedOpens) / rooms, p50: at(0.5), p99: at(0.99), max: at(1) }));
process.exit(0);
