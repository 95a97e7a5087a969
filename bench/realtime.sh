# Realtime (CONTRACT section 17), sourced by bench/run while its service runs: a second instance
# joins it; REALTIME_SUBSCRIBERS streams spread over both (each on one of REALTIME_ROOMS topics,
# so that a message reaches SUBSCRIBERS / ROOMS of them), REALTIME_RATE messages a second for
# REALTIME_SECONDS published through both (after REALTIME_WARMUP seconds uncounted), then as long again: delivery latency in the first
# period, memory per stream (resident memory of both instances before and after the streams
# open), and warm keys/self throughput on the first instance in the second period against without
# the load. bench/realtime-load (Go, standard library) is the load.
# Sets REALTIME_LINE (the report's line) and REALTIME_TARGETS (its rows of the targets table).

REALTIME_SUBSCRIBERS=${BENCH_REALTIME_SUBSCRIBERS:-2000}
REALTIME_ROOMS=${BENCH_REALTIME_ROOMS:-200}
REALTIME_RATE=${BENCH_REALTIME_RATE:-500}
REALTIME_SECONDS=${BENCH_REALTIME_SECONDS:-20}
# published first and not counted: the second instance has had no load yet, and a running service's JIT is warm
REALTIME_WARMUP=${BENCH_REALTIME_WARMUP:-30}
if $SMOKE; then REALTIME_SUBSCRIBERS=${BENCH_REALTIME_SUBSCRIBERS:-200} REALTIME_ROOMS=${BENCH_REALTIME_ROOMS:-20} REALTIME_SECONDS=${BENCH_REALTIME_SECONDS:-5} REALTIME_WARMUP=${BENCH_REALTIME_WARMUP:-2}; fi
SECOND_PORT=$((PORT + 1))
SECOND_MANAGEMENT=http://127.0.0.1:$(( ${MANAGEMENT##*:} + 1 ))
rss_of() { echo $(( $(ps -o rss= -p "$1") / 1024 )); }

# Both instances restart with a heap and a code cache sized for their streams, as pods that serve
# them would be (docs/API.md, "Sizing for streams"): the small-pod heap of 128 MB holds the key
# check's working set, and with 1,000 streams on it the collector runs without pause and deliveries
# fall behind; in the small-pod code cache of 64 MB, every 10 MB of code the JIT compiles for the
# realtime paths costs a full collection ("CodeCache GC Threshold") of 300-500 ms.
REALTIME_HEAP=${BENCH_REALTIME_HEAP:-256m}
REALTIME_CODE_CACHE=${BENCH_REALTIME_CODE_CACHE:-240m}
REALTIME_JVM_OPTS="$(sed -E 's/-Xm[sx][^ ]*//g; s/-XX:ReservedCodeCacheSize=[^ ]*//g' <<<"$JAVA_OPTS") -Xms$REALTIME_HEAP -Xmx$REALTIME_HEAP -XX:ReservedCodeCacheSize=$REALTIME_CODE_CACHE $AOT_OPTS"
echo "== realtime: both instances with a heap of $REALTIME_HEAP and a code cache of $REALTIME_CODE_CACHE, $REALTIME_SUBSCRIBERS streams over both, $REALTIME_RATE messages/s"
GOFLAGS=-mod=mod GOPROXY=off go build -o "$WORK/realtime-load" bench/realtime-load/main.go
stop_service
# as the first instance ran until now: the cold checks of one address must not meet the failed-check budgets
JVM_OPTS=$REALTIME_JVM_OPTS start_service "${OPEN_FAILED_CHECKS[@]}"
JVM_OPTS=$REALTIME_JVM_OPTS launch_service "$SECOND_PORT" "${SECOND_MANAGEMENT##*:}" "$WORK/second.log" "${OPEN_FAILED_CHECKS[@]}"
SECOND_PID=$LAUNCHED_PID
await_ready "$SECOND_MANAGEMENT" "$SECOND_PID" "$WORK/second.log"
SECOND_CHECK=$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $SECRET" "http://127.0.0.1:$SECOND_PORT/api/v1/keys/self")
[ "$SECOND_CHECK" = 200 ] || { echo "the second instance answered keys/self with $SECOND_CHECK:" >&2; tail -20 "$WORK/second.log" >&2; exit 1; }
# the check alone first, on the first instance, after a warm-up of its own (it has just started)
wrk -t2 -c"$CONNECTIONS" -d5s -H "x-api-key: $SECRET" "$BASE/api/v1/keys/self" >/dev/null 2>&1
REALTIME_ALONE_RPS=$({ wrk -t2 -c"$CONNECTIONS" -d"$REALTIME_SECONDS" -H "x-api-key: $SECRET" "$BASE/api/v1/keys/self" || true; } \
  | awk '/^Requests\/sec/ { printf "%d", $2 }')
RSS_BEFORE=$(( $(rss_of "$SERVICE_PID") + $(rss_of "$SECOND_PID") ))
"$WORK/realtime-load" "$BASE,http://127.0.0.1:$SECOND_PORT" "$SECRET" "$REALTIME_SUBSCRIBERS" "$REALTIME_ROOMS" \
  "$REALTIME_RATE" "$REALTIME_SECONDS" 5 "$REALTIME_WARMUP" > "$WORK/realtime.out" 2> "$WORK/realtime.err" &
REALTIME_LOAD=$!
for _ in $(seq 1 1200); do grep -q '"phase":"open"' "$WORK/realtime.out" 2>/dev/null && break; sleep 0.1; done
sleep 3
RSS_OPEN=$(( $(rss_of "$SERVICE_PID") + $(rss_of "$SECOND_PID") ))
for _ in $(seq 1 1200); do grep -q '"phase":"second"' "$WORK/realtime.out" 2>/dev/null && break; sleep 0.1; done
REALTIME_DURING_RPS=$({ wrk -t2 -c"$CONNECTIONS" -d"$((REALTIME_SECONDS - 2))s" -H "x-api-key: $SECRET" "$BASE/api/v1/keys/self" || true; } \
  | awk '/^Requests\/sec/ { printf "%d", $2 }')
wait "$REALTIME_LOAD" || { cat "$WORK/realtime.err" >&2; }
echo "  the seconds of the first period whose messages took longest:"
{ grep '^sent at' "$WORK/realtime.err" || true; } | sort -t' ' -k6 -g -r | head -5 | sed 's/^/    /'
kill "$SECOND_PID"; wait "$SECOND_PID" 2>/dev/null || true; SECOND_PID=""
REALTIME_RESULT=$(grep '"phase":"done"' "$WORK/realtime.out" || echo '{}')
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], 'n/a'))" "$REALTIME_RESULT" "$1"; }
OPENED=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['opened'])" "$(grep '"phase":"open"' "$WORK/realtime.out")")
PER_STREAM_KB=$(python3 -c "print(f'{($RSS_OPEN - $RSS_BEFORE) * 1024 / max(1, $OPENED):.1f}')")
REALTIME_LINE="both instances with a heap of $REALTIME_HEAP and a code cache of $REALTIME_CODE_CACHE; $OPENED streams open (of $REALTIME_SUBSCRIBERS) over 2 instances, $REALTIME_ROOMS topics; $(field published) messages in 2 x ${REALTIME_SECONDS} s ($(field failedPublishes) not accepted: $(field refusals)), $(field delivered) deliveries of $(field expected) expected; delivery latency over the first ${REALTIME_SECONDS} s (no other load) p50 $(field p50) ms, p99 $(field p99) ms, max $(field max) ms; resident memory of both instances ${RSS_BEFORE} MB before the streams, ${RSS_OPEN} MB with them open (${PER_STREAM_KB} KB per stream); warm keys/self on the first instance ${REALTIME_DURING_RPS} req/s during the second ${REALTIME_SECONDS} s of messages against ${REALTIME_ALONE_RPS} req/s before (the load's process and wrk share the machine's cores with both instances)"
echo "  $REALTIME_LINE"

REALTIME_TARGETS=""
realtime_target() { REALTIME_TARGETS+=$(target_line "$@")$'\n'; }
realtime_target "realtime delivery latency (16), p99 in ms" "$(field p99)" "<= 100"
realtime_target "realtime deliveries received against expected (16)" "$(python3 -c "e = '$(field expected)'; print(f'{$(field delivered) / float(e):.3f}' if e not in ('n/a', '0', '0.0') else 0)")" ">= 0.999"
realtime_target "warm keys/self during realtime (16) against without" "$(python3 -c "print(f'{${REALTIME_DURING_RPS:-0} / ${REALTIME_ALONE_RPS:-1}:.2f}')")" ">= 0.80"
