# Data queries at a million documents (CONTRACT section 16), sourced by bench/run while its service
# runs: seeds two collections of QUERY_DOCUMENTS documents each (one public, one owner-only with
# the benchmark's end user owning one in a thousand), declares an index on each and times its
# build, then measures a filtered, sorted page of 50 served by the index, the same under RLS, and
# an undeclared query on the same data, alone and against warm key checks.
# Sets QUERY_ROWS (the scenarios' table) and QUERY_TARGETS (their rows of the targets table).

QUERY_DOCUMENTS=${BENCH_QUERY_DOCUMENTS:-1000000}
QUERY_HEAVY_DURATION=20s
if $SMOKE; then QUERY_DOCUMENTS=20000 QUERY_HEAVY_DURATION=3s; fi
urlencode() { python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$1"; }
collection_settings() { # NAME READ_ACCESS INDEXES_JSON
  admin -X PUT "$BASE/api/v1/applications/$BENCH_APP_ID/collections/$1" \
    -d "{\"rls_enabled\":true,\"read_access\":\"$2\"${3:+,\"indexes\":$3},\"environment\":\"live\"}" >/dev/null
}
index_states() {
  admin "$BASE/api/v1/applications/$BENCH_APP_ID/collections?limit=200" \
    | python3 -c "import json,sys; print(' '.join(i['state'] for c in json.load(sys.stdin)['data'] for i in (c.get('indexes') or [])))"
}

echo "== data queries: seeding 2 x $QUERY_DOCUMENTS documents"
collection_settings bench_posts public
collection_settings bench_notes owner
QUERY_USER=$(curl -sf -H "x-api-key: $PUBLISHABLE" -H 'Content-Type: application/json' -X POST "$BASE/api/userAuth/signup" \
  -d "{\"email\":\"reader-$$@bench.example\",\"password\":\"$(openssl rand -hex 12)\"}")
QUERY_TOKEN=$(json "['token']" <<<"$QUERY_USER")
QUERY_USER_ID=$(json "['user']['id']" <<<"$QUERY_USER")
# in one statement each, triggers off: the storage-usage trigger counts the rows of API writes, one
# counter row per application, which one transaction of a million rows would update a million times
psql -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" <<EOF_SQL >/dev/null
set session_replication_role = replica;
insert into document (id, application_id, environment, collection, owner_id, body, created_at, updated_at)
select gen_random_uuid(), '$BENCH_APP_ID', 'LIVE', 'bench_posts', null,
       jsonb_build_object('title', 'Post ' || g, 'status', case when g % 4 = 0 then 'published' else 'draft' end,
                          'score', g % 1000, 'category', 'c' || (g % 50), 'author', jsonb_build_object('id', 'a' || (g % 500)),
                          'tags', jsonb_build_array('t' || (g % 7), 't' || (g % 11)), 'text', md5(g::text)),
       now() - (($QUERY_DOCUMENTS - g) * interval '1 second'), now()
from generate_series(1, $QUERY_DOCUMENTS) g;
insert into document (id, application_id, environment, collection, owner_id, body, created_at, updated_at)
select gen_random_uuid(), '$BENCH_APP_ID', 'LIVE', 'bench_notes',
       case when g % 1000 = 0 then '$QUERY_USER_ID'::uuid else md5('owner' || (g % 1000))::uuid end,
       jsonb_build_object('title', 'Note ' || g, 'status', case when g % 4 = 0 then 'published' else 'draft' end,
                          'score', g % 1000, 'text', md5(g::text)),
       now() - (($QUERY_DOCUMENTS - g) * interval '1 second'), now()
from generate_series(1, $QUERY_DOCUMENTS) g;
analyze document_partitions.document_live;
EOF_SQL

echo "== data queries: declaring the indexes"
BUILD_START=$(date +%s%N)
collection_settings bench_posts public '[["status","-_created_at"]]'
collection_settings bench_notes owner '[["status","-_created_at"]]'
for _ in $(seq 1 600); do
  STATES=$(index_states)
  [[ "$STATES" != *building* ]] && break
  sleep 0.5
done
INDEX_BUILD_S=$(python3 -c "print(f'{($(date +%s%N) - $BUILD_START) / 1e9:.1f}')")
echo "  index states: $STATES, built in ${INDEX_BUILD_S} s (3 indexes: the owner-only collection has two)"
psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -c "analyze document_partitions.document_live" >/dev/null

ROWS_BEFORE_QUERIES=$ROWS
ROWS=""
SERVED="$BASE/api/data/bench_posts?where=$(urlencode '{"status":"published"}')&sort=-_created_at&limit=50"
SERVED_RLS="$BASE/api/data/bench_notes?where=$(urlencode '{"status":"published"}')&sort=-_created_at&limit=50"
# both queries' code is compiled before either is measured: the scenario's own 2 s warm-up left the
# JIT's C2 threads a third of the service's CPU during the measurement (async-profiler)
QUERY_WARMUP=20s
$SMOKE && QUERY_WARMUP=1s
wrk -t2 -c"$CONNECTIONS" -d"$QUERY_WARMUP" -H "x-api-key: $PUBLISHABLE" "$SERVED" >/dev/null 2>&1
wrk -t2 -c"$CONNECTIONS" -d"$QUERY_WARMUP" -H "x-api-key: $PUBLISHABLE" -H "Authorization: Bearer $QUERY_TOKEN" "$SERVED_RLS" >/dev/null 2>&1
scenario "14. published posts newest first, page of 50, declared index ($QUERY_DOCUMENTS documents), publishable key" "$SERVED" \
  -H "x-api-key: $PUBLISHABLE"
scenario "15. as 14, owner-only collection (RLS: the user's 1 in 1,000), publishable key and user token" "$SERVED_RLS" \
  -H "x-api-key: $PUBLISHABLE" -H "Authorization: Bearer $QUERY_TOKEN"
# the same at 4 connections: the query's own latency, without 32 connections queueing on 2 cores
CONNECTIONS_BEFORE=$CONNECTIONS
CONNECTIONS=4
scenario "14b. as 14, 4 connections" "$SERVED" -H "x-api-key: $PUBLISHABLE"
scenario "15b. as 15, 4 connections" "$SERVED_RLS" -H "x-api-key: $PUBLISHABLE" -H "Authorization: Bearer $QUERY_TOKEN"
CONNECTIONS=$CONNECTIONS_BEFORE
QUERY_ROWS=$ROWS
ROWS=$ROWS_BEFORE_QUERIES$QUERY_ROWS
p99_ms() { awk -F'|' -v n="$1" 'index($2, " " n ". ") == 1 { gsub(/ /, "", $5); v = $5 } END {
  if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else if (v ~ /s$/) printf "%.2f", v * 1000; else print "n/a" }' <<<"$QUERY_ROWS"; }
rps_in() { awk -F'|' -v n="$1" 'index($2, " " n ". ") == 1 { gsub(/ /, "", $3); print $3 }' <<<"$QUERY_ROWS"; }

# no index serves this one: PostgreSQL reads and sorts (by collation) the 40 % of the collection that matches
UNDECLARED="$BASE/api/data/bench_posts?where=$(urlencode '{"$or":[{"tags":{"$contains":"t3"}},{"author.id":{"$prefix":"a1"}}]}')&sort=title&limit=50"
read -r HEAVY_STATUS HEAVY_SECONDS < <(curl -s -o "$WORK/heavy.json" -w '%{http_code} %{time_total}\n' -H "x-api-key: $PUBLISHABLE" "$UNDECLARED")
HEAVY_ERROR=$(json "['error']" < "$WORK/heavy.json" 2>/dev/null || echo "?")
HEAVY_MS=$(python3 -c "print(round($HEAVY_SECONDS * 1000))")
echo "  undeclared query: $HEAVY_STATUS $HEAVY_ERROR in $HEAVY_MS ms: $(json "['message']" < "$WORK/heavy.json" 2>/dev/null)"
ALONE_RPS=$(wrk -t2 -c"$CONNECTIONS" -d"$QUERY_HEAVY_DURATION" -H "x-api-key: $SECRET" "$BASE/api/v1/keys/self" | awk '/^Requests\/sec/ { printf "%d", $2 }')
# keys/self while 2 connections send undeclared queries (the arguments: wrk's, for them); sets DURING_RPS and HEAVY_REQUESTS
keys_during_undeclared() {
  wrk -t1 -c2 -d"$(( ${QUERY_HEAVY_DURATION%s} + 2 ))s" -H "x-api-key: $PUBLISHABLE" "$@" > "$WORK/heavy-load.txt" 2>&1 &
  local heavy_pid=$!
  sleep 1
  DURING_RPS=$(wrk -t2 -c"$CONNECTIONS" -d"$QUERY_HEAVY_DURATION" -H "x-api-key: $SECRET" "$BASE/api/v1/keys/self" | awk '/^Requests\/sec/ { printf "%d", $2 }')
  wait "$heavy_pid" || true
  HEAVY_REQUESTS=$(awk '/requests in/ { print $1 }' "$WORK/heavy-load.txt")
}
# the same query again and again: after its first time past the limit, each instance refuses it at once
keys_during_undeclared "$UNDECLARED"
HEAVY_LINE="$HEAVY_REQUESTS of this same undeclared query on 2 connections, each answered $HEAVY_STATUS $HEAVY_ERROR (one alone: $HEAVY_MS ms); warm keys/self meanwhile $DURING_RPS req/s against $ALONE_RPS req/s without them"
echo "  $HEAVY_LINE"
REPEATED_RPS=$DURING_RPS
# a different value each time (bench/undeclared.lua): none is remembered, so they run one at a time
# until the application's time a minute for them is spent (LATCHKEY_DATA_UNINDEXED_TIME), then are refused
keys_during_undeclared -s bench/undeclared.lua "$BASE/api/data/bench_posts"
VARIED_LINE="$HEAVY_REQUESTS undeclared queries each with another \$prefix value on 2 connections; warm keys/self meanwhile $DURING_RPS req/s against $ALONE_RPS req/s without them"
echo "  $VARIED_LINE"

QUERY_TARGETS=""
query_target() { QUERY_TARGETS+=$(target_line "$@")$'\n'; }
query_target "indexed query (14), p99 in ms, 32 connections" "$(p99_ms 14)" "<= 15"
query_target "indexed query under RLS (15), p99 in ms, 32 connections" "$(p99_ms 15)" "<= 15"
query_target "indexed query (14b), p99 in ms, 4 connections" "$(p99_ms 14b)" "<= 15"
query_target "indexed query under RLS (15b), p99 in ms, 4 connections" "$(p99_ms 15b)" "<= 15"
query_target "indexed query (14) against the document read (4)" "$(python3 -c "print(f'{$(rps_in 14) / ${MEDIAN_RPS[4]:-1}:.2f}')")" ">= 0.25"
query_target "indexed query under RLS (15) against the document read (4)" "$(python3 -c "print(f'{$(rps_in 15) / ${MEDIAN_RPS[4]:-1}:.2f}')")" ">= 0.25"
query_target "undeclared query answered query_too_expensive (1 yes)" "$([ "$HEAVY_ERROR" = query_too_expensive ] && echo 1 || echo 0)" "== 1"
query_target "warm keys/self during the same undeclared query against without" "$(python3 -c "print(f'{${REPEATED_RPS:-0} / ${ALONE_RPS:-1}:.2f}')")" ">= 0.80"
query_target "warm keys/self during undeclared queries of varied values against without" "$(python3 -c "print(f'{${DURING_RPS:-0} / ${ALONE_RPS:-1}:.2f}')")" ">= 0.80"
