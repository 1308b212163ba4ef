#!/bin/sh
# bench/surveys.sh - citizen satisfaction surveys (issue 6): durable
# responses from concurrent clients against raw SQLite inserts of the same
# rows, and the results read with a million responses stored.
#
#   make bench-surveys      (or: sh bench/surveys.sh, after make and
#                            make build/bench/surveys_load)
#
# 0. `ntm init` into a fresh SQLite file, then build/bench/surveys_load
#    setup: a copy of surveys/templates/ntm-hai-long.json owned by the
#    commune 2025:00376, a "codes" campaign for it with 1,000,000 households
#    and 1,000,000 one-time codes (surv_codes_issue, 5000 a batch).
# 1. The baseline, raw SQLite: on a copy of that database, the rows one
#    response writes (the code's UPDATE, the survey_response row with the
#    same answers, its comment row if any, one tally upsert per tally key)
#    straight through sqlite3, one transaction per response, WAL and
#    synchronous=FULL as ntm opens its files, from BENCH_RAW_THREADS (32)
#    threads for BENCH_DURATION (10) s.  Run before and after the HTTP
#    load; the baseline is their mean.  For reference, one thread.
# 2. The HTTP load: `ntm serve` with its default thread count (four per
#    core: 8 here) on loopback; wrk -tT -cC (T = the cores, C = 128
#    connections: a wrk thread per connection would take the cores the
#    server needs) for BENCH_DURATION s, every request POST
#    /api/v1/s/{campaign} {"code": ..., "answers": ...} with a code of its
#    own.  Only 2xx answers whose receipt names their code count as
#    acknowledged.  Right after wrk the server is killed
#    with SIGKILL; surveys_load check then opens the file (replaying the
#    WAL) and looks up every acknowledged code: each must be spent, and the
#    responses, the spent codes and the tally must agree.  Printed as
#    responses/s and as a ratio to the baseline.  Targets: >= 0.5x the
#    baseline and >= 5,000 responses/s.  For reference, the same load on a
#    second campaign with BENCH_SMALL_CODES (240,000) codes, with the
#    default threads and with `--threads` = the cores: how the rate
#    depends on the codes issued and on the server's threads.
# 3. surveys_load fill: responses through the real writer (surv_queue_start
#    + surv_submit from BENCH_FILL_THREADS (64) threads) on the unspent
#    codes until the campaign holds BENCH_RESPONSES (1,000,000).
# 4. The results at that size, campaign closed (so that they are public):
#    surv_results in-process (surveys_load results, one cold run, then the
#    median of 20) and GET /api/v1/campaigns/{id}/results over HTTP on
#    `ntm serve` (curl, one not counted, then the median of 20 of
#    time_total).  Target: < 50 ms.
#
# Loopback only, every load bounded (BENCH_DURATION per wrk or raw run;
# the fill by count).  About 10 minutes, most of it the fill, and ~1 GB in
# the temporary directory.  Builds nothing.  Needs wrk (with LuaJIT, as
# Debian's) and curl.  Exit status: 0 when the run completed, whatever the
# figures; with BENCH_STRICT=1, 1 when a target is missed; 1 whenever an
# acknowledged response is missing after the kill; 2 when it could not run.
#
# Env: NTM_BIN (default build/ntm), SURVEYS_LOAD_BIN (default
#      build/bench/surveys_load), BENCH_DURATION (10), BENCH_CLIENTS (128
#      connections), BENCH_WRK_THREADS (the cores: wrk's threads; one per
#      connection would spend the cores the server needs on the client),
#      BENCH_RAW_THREADS (32),
#      BENCH_RESPONSES (1000000), BENCH_FILL_THREADS (64), BENCH_HTTP_CODES
#      (codes set aside for the HTTP load, 300000), BENCH_SMALL_CODES
#      (240000, the reference campaign: half for each of its two loads,
#      enough for 12,000/s for BENCH_DURATION), BENCH_RESULTS_RUNS (20),
#      BENCH_KEEP=1 (keep the temporary directory).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
LOAD=${SURVEYS_LOAD_BIN:-$ROOT/build/bench/surveys_load}
DURATION=${BENCH_DURATION:-10}
CLIENTS=${BENCH_CLIENTS:-128}
WRK_THREADS=${BENCH_WRK_THREADS:-$(nproc)}
RAW_THREADS=${BENCH_RAW_THREADS:-32}
RESPONSES=${BENCH_RESPONSES:-1000000}
FILL_THREADS=${BENCH_FILL_THREADS:-64}
HTTP_CODES=${BENCH_HTTP_CODES:-300000}
SMALL_CODES=${BENCH_SMALL_CODES:-240000}
RUNS=${BENCH_RESULTS_RUNS:-20}
TEMPLATE=$ROOT/surveys/templates/ntm-hai-long.json

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
[ -x "$LOAD" ] || die "$LOAD not found: run 'make build/bench/surveys_load' first"
command -v wrk >/dev/null 2>&1 || die "wrk not installed (apt-get install wrk)"
command -v curl >/dev/null 2>&1 || die "curl not installed (apt-get install curl)"
[ "$HTTP_CODES" -le "$RESPONSES" ] ||
	die "BENCH_HTTP_CODES ($HTTP_CODES) is more than BENCH_RESPONSES ($RESPONSES)"
bench_tmp ntm-bench-surveys

echo "== ntm surveys bench: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
LOAD_BEFORE=$(load_avg)
echo "load average before: $LOAD_BEFORE (other work on these $(nproc) cores skews every figure)"

# field FILE NAME: a value of a "bench-surveys-* k=v ..." line in $TMP/FILE
field() { grep '^bench-surveys' "$TMP/$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
# load_run OUT ARGS...: surveys_load DB-less ARGS into $TMP/OUT; dies on failure
load_run() {
	lr_out=$1
	shift
	"$LOAD" "$@" >"$TMP/$lr_out" 2>"$TMP/$lr_out.err" ||
		{ cat "$TMP/$lr_out" "$TMP/$lr_out.err" >&2; die "surveys_load $2 failed"; }
}

# ---- 0. the database: a campaign with a million codes -------------------------
DB=$TMP/surveys.db
"$NTM" init --db "$DB" >"$TMP/init.out" 2>&1 || { cat "$TMP/init.out" >&2; die "ntm init failed"; }
load_run setup.out "$DB" setup "$RESPONSES" "$TMP/codes.txt" "$TEMPLATE"
CAMPAIGN=$(field setup.out campaign)
echo "set-up: campaign $CAMPAIGN, $(field setup.out codes) codes issued in $(field setup.out issue_s) s (surv_codes_issue, 5000 a batch)"
load_run answers.txt "$DB" answers "$CAMPAIGN"
# A pristine copy for the baseline runs (no connection is open: no WAL left).
[ ! -s "$DB-wal" ] || die "a WAL file was left after the set-up"
cp "$DB" "$TMP/pristine.db"

# The reference campaign, with few codes (made after the copy: the
# baseline's file has only the big one).
load_run setup2.out "$DB" setup "$SMALL_CODES" "$TMP/small-codes.txt" "$TEMPLATE"
SMALL=$(field setup2.out campaign)
echo "reference campaign $SMALL: $SMALL_CODES codes"

# split_codes N FILE FROM TO: lines FROM..TO of FILE, the codes of HTTP load
# N, in one file per wrk thread ($TMP/httpN/codes.T).
split_codes() {
	mkdir -p "$TMP/http$1"
	awk -v from="$3" -v to="$4" -v n="$WRK_THREADS" -v dir="$TMP/http$1" \
		'NR >= from && NR <= to { print > (dir "/codes." ((NR - from) % n)) }' "$2"
}
split_codes 1 "$TMP/codes.txt" 1 "$HTTP_CODES"
split_codes 2 "$TMP/small-codes.txt" 1 $((SMALL_CODES / 2))
split_codes 3 "$TMP/small-codes.txt" $((SMALL_CODES / 2 + 1)) "$SMALL_CODES"
# The raw baseline uses the first load's codes (on its copy of the file).
cat "$TMP"/http1/codes.* >"$TMP/raw-codes.txt"

# ---- 1. the raw-SQLite baseline ---------------------------------------------------
# raw N THREADS: one baseline run on a fresh copy; its line in $TMP/rawN.out.
raw() {
	rm -f "$TMP/raw.db" "$TMP/raw.db-wal" "$TMP/raw.db-shm"
	cp "$TMP/pristine.db" "$TMP/raw.db"
	load_run "raw$1.out" "$TMP/raw.db" raw "$CAMPAIGN" "$TMP/raw-codes.txt" "$2" "$DURATION"
	[ "$(field "raw$1.out" codes_left)" = yes ] ||
		die "the baseline used every code: raise BENCH_HTTP_CODES"
	printf '  raw SQLite, %2d threads: %8.1f responses/s (%s in %s s; %s tally upserts each)\n' \
		"$2" "$(field "raw$1.out" rate)" "$(field "raw$1.out" responses)" \
		"$(field "raw$1.out" seconds)" "$(field "raw$1.out" tally_keys)"
}
echo "baseline: raw SQLite inserts of the same rows, one transaction per response, WAL + synchronous=FULL, ${DURATION} s a run"
raw 1 "$RAW_THREADS"
raw 0 1

# ---- 2. the HTTP load ----------------------------------------------------------------
cat >"$TMP/post.lua" <<'LUA_EOF'
-- POST /api/v1/s/{campaign}, a code of its own per request.  A thread has
-- several connections, so answers come in any order: a 2xx acknowledges
-- the code its receipt names ("code").  A 2xx without one is counted as
-- not acknowledged.
-- Env: SURVEYS_CODES (a folder of codes.N, one per thread),
-- SURVEYS_ANSWERS (answer objects, one a line), SURVEYS_ACKED (output:
-- the acknowledged codes).
local threads, next_id = {}, 0

function setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

function init(args)
	codes, answers, acked = {}, {}, {}
	for line in io.lines(os.getenv("SURVEYS_CODES") .. "/codes." .. id) do
		codes[#codes + 1] = line
	end
	for line in io.lines(os.getenv("SURVEYS_ANSWERS")) do
		answers[#answers + 1] = line
	end
	n, other, ran_out, last_other = 0, 0, 0, 0
	headers = { ["Content-Type"] = "application/json" }
end

function request()
	n = n + 1
	local code = codes[n]
	if code == nil then
		-- out of codes: send a spent one again (a 409, counted)
		ran_out = ran_out + 1
		code = codes[#codes]
	end
	return wrk.format("POST", nil, headers, '{"code":"' .. code ..
		'","answers":' .. answers[(n - 1) % #answers + 1] .. '}')
end

function response(status, hdrs, body)
	local code = status >= 200 and status < 300 and
		body:match('"code":%s*"([^"]+)"')
	if code then
		acked[#acked + 1] = code
	else
		other = other + 1
		last_other = status
	end
end

function done(summary, latency, requests)
	local f = io.open(os.getenv("SURVEYS_ACKED"), "w")
	local total, others, out, status = 0, 0, 0, 0
	for _, t in ipairs(threads) do
		local a = t:get("acked")
		for i = 1, #a do
			f:write(a[i], "\n")
		end
		total = total + #a
		others = others + t:get("other")
		out = out + t:get("ran_out")
		if t:get("last_other") ~= 0 then status = t:get("last_other") end
	end
	f:close()
	io.write(string.format("surveys-wrk acked=%d other=%d ran_out=%d " ..
		"last_other=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n", total,
		others, out, status, summary.duration / 1e6,
		latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
LUA_EOF

# start_serve LOG [args...]: ntm serve on a free loopback port, with the
# given options only (no --threads: its default); sets NTM_PID, NTM_PORT.
start_serve() {
	ss_log=$1
	shift
	"$NTM" serve --db "$DB" --listen 127.0.0.1:0 --quiet "$@" >"$ss_log" 2>"$TMP/ntm.err" &
	NTM_PID=$!
	NTM_PORT=$(ntm_port "$NTM_PID" "$TMP/ntm.err") || die "ntm serve did not start"
}
# kill9: SIGKILL the server (no clean shutdown: what was acknowledged must
# already be on disk).
kill9() {
	kill -KILL "$NTM_PID" 2>/dev/null || die "ntm serve had died under the load (see $TMP/ntm.err)"
	wait "$NTM_PID" 2>/dev/null || true
	NTM_PID=""
}

# http_load N LABEL CAMPAIGN [serve args...]: HTTP load N on CAMPAIGN with
# the codes of $TMP/httpN; sets RATE_N and CHECK_N.
MISSING=0
STORED_BEFORE=0
http_load() {
	hl_n=$1 hl_label=$2 hl_campaign=$3
	shift 3
	start_serve "$TMP/serve$hl_n.log" "$@"
	threads=$(sed -n 's/.*(\([0-9]*\) threads.*/\1/p' "$TMP/ntm.err")
	SURVEYS_CODES=$TMP/http$hl_n SURVEYS_ANSWERS=$TMP/answers.txt \
		SURVEYS_ACKED=$TMP/acked$hl_n.txt \
		wrk -t"$WRK_THREADS" -c"$CLIENTS" -d"${DURATION}s" --timeout 30s \
		-s "$TMP/post.lua" "http://127.0.0.1:$NTM_PORT/api/v1/s/$hl_campaign" \
		>"$TMP/wrk$hl_n.out" 2>&1 || { cat "$TMP/wrk$hl_n.out" >&2; ntm_check; die "wrk failed"; }
	kill9
	line=$(grep '^surveys-wrk' "$TMP/wrk$hl_n.out") ||
		{ cat "$TMP/wrk$hl_n.out" >&2; die "no summary from the wrk script"; }
	w() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	acked=$(w acked)
	load_run "check$hl_n.out" "$DB" check "$hl_campaign" "$TMP/acked$hl_n.txt"
	missing=$(field "check$hl_n.out" missing)
	stored=$(field "check$hl_n.out" responses)
	rate=$(awk -v a="$acked" -v s="$(w seconds)" 'BEGIN { printf "%.1f", a / s }')
	eval "RATE_$hl_n=\$rate"
	printf '  %s (%s server threads): %8.1f responses/s acknowledged (%s in %s s, latency p50 %s ms, p99 %s ms; %s not 2xx)\n' \
		"$hl_label" "$threads" "$rate" "$acked" "$(w seconds)" "$(w p50_ms)" "$(w p99_ms)" "$(w other)"
	check="after kill -9: $missing of $acked acknowledged missing; $((stored - STORED_BEFORE)) stored ($((stored - STORED_BEFORE - acked)) in flight when wrk stopped); campaign: $stored responses, $(field "check$hl_n.out" spent) codes spent, tally $(field "check$hl_n.out" tally)"
	eval "CHECK_$hl_n=\$check"
	echo "    $check"
	[ "$(w ran_out)" = 0 ] || echo "    bench: the load ran out of codes ($(w ran_out) requests with a spent one): the rate is low" >&2
	[ "$(w other)" = 0 ] || echo "    bench: $(w other) answers were not 2xx (last: $(w last_other))" >&2
	if [ "$missing" != 0 ]; then
		echo "bench: ACKNOWLEDGED RESPONSES MISSING after kill -9" >&2
		MISSING=1
	fi
	if [ "$stored" != "$(field "check$hl_n.out" spent)" ] ||
		[ "$stored" != "$(field "check$hl_n.out" tally)" ]; then
		echo "bench: responses, spent codes and the tally disagree" >&2
		MISSING=1
	fi
	STORED_BEFORE=$stored
}
echo "HTTP: wrk -t$WRK_THREADS -c$CLIENTS -d${DURATION}s, POST /api/v1/s/{campaign}, a code per request"
http_load 1 "campaign $CAMPAIGN, $RESPONSES codes, ntm serve" "$CAMPAIGN"
STORED_BEFORE=0
http_load 2 "reference: campaign $SMALL, $SMALL_CODES codes, ntm serve" "$SMALL"
http_load 3 "reference: campaign $SMALL, ntm serve --threads $(nproc)" "$SMALL" --threads "$(nproc)"
raw 2 "$RAW_THREADS"
RAW=$(awk -v a="$(field raw1.out rate)" -v b="$(field raw2.out rate)" 'BEGIN { printf "%.1f", (a + b) / 2 }')
RAW1=$(field raw0.out rate)
RATIO=$(ratio "$RATE_1" "$RAW")
RATIO_2=$(ratio "$RATE_2" "$RAW")
RATIO_3=$(ratio "$RATE_3" "$RAW")
echo "  baseline (mean of the two ${RAW_THREADS}-thread runs): $RAW responses/s; ratio ntm/raw $RATIO (references: $RATIO_2, $RATIO_3)"

# ---- 3. the fill to a million ------------------------------------------------------
echo "fill: surv_submit from $FILL_THREADS threads through the group-commit writer, up to $RESPONSES responses"
load_run fill.out "$DB" fill "$CAMPAIGN" "$RESPONSES" "$FILL_THREADS"
printf '  %s responses stored in %s s: %s responses/s (%s already there)\n' \
	"$(field fill.out stored)" "$(field fill.out seconds)" "$(field fill.out rate)" "$(field fill.out before)"
load_run close.out "$DB" close "$CAMPAIGN"

# ---- 4. the results at a million -----------------------------------------------------
load_run results.out "$DB" results "$CAMPAIGN" "$RUNS"
STORED=$(field results.out responses)
RES_MS=$(field results.out median_ms)
printf '  surv_results, in-process: %s ms median of %s (min %s, max %s; cold %s ms); "responses": %s\n' \
	"$RES_MS" "$RUNS" "$(field results.out min_ms)" "$(field results.out max_ms)" \
	"$(field results.out cold_ms)" "$STORED"
start_serve "$TMP/serve3.log"
URL="http://127.0.0.1:$NTM_PORT/api/v1/campaigns/$CAMPAIGN/results"
code=$(curl -s -o "$TMP/results.json" -w '%{http_code}' "$URL") || code=000
[ "$code" = 200 ] || { head -c 500 "$TMP/results.json" >&2; die "GET $URL answered $code"; }
grep -q "\"responses\": *$STORED," "$TMP/results.json" ||
	echo "bench: the HTTP results do not say \"responses\": $STORED" >&2
: >"$TMP/http-results.txt"
i=0
while [ $i -lt "$RUNS" ]; do
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$URL" >>"$TMP/http-results.txt"
	i=$((i + 1))
done
stop_ntm
grep -qv '^200 ' "$TMP/http-results.txt" && die "GET results: not every answer was 200"
HTTP_MS=$(awk '{ print $2 * 1000 }' "$TMP/http-results.txt" | median)
printf '  GET /api/v1/campaigns/%s/results over HTTP: %.2f ms median of %s (curl time_total; %s bytes)\n' \
	"$CAMPAIGN" "$HTTP_MS" "$RUNS" "$(wc -c <"$TMP/results.json")"
DB_MB=$(du -m "$DB" | cut -f1)

# ---- summary ---------------------------------------------------------------------------
v_ratio=$(verdict "$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.5) }')")
v_rate=$(verdict "$(awk -v r="$RATE_1" 'BEGIN { print (r >= 5000) }')")
v_res=$(verdict "$(awk -v a="$RES_MS" -v b="$HTTP_MS" 'BEGIN { print (a < 50 && b < 50) }')")
cat <<EOF

==================== surveys summary ====================
raw SQLite baseline             $RAW responses/s ($RAW_THREADS threads, one transaction and fsync per response; mean of $(field raw1.out rate) and $(field raw2.out rate)); 1 thread: $RAW1
HTTP, ntm serve ($(sed -n 's/.*(\([0-9]*\) threads.*/\1/p' "$TMP/ntm.err") threads)     $RATE_1 responses/s acknowledged, $RESPONSES codes issued   ratio $RATIO   target >= 0.5x: $v_ratio   target >= 5000/s: $v_rate
  reference, $SMALL_CODES codes      $RATE_2 responses/s   ratio $RATIO_2
  the same, --threads $(nproc)       $RATE_3 responses/s   ratio $RATIO_3
durability                      load 1: $CHECK_1
                                load 2: $CHECK_2
                                load 3: $CHECK_3
fill (surv_submit, $FILL_THREADS threads)   $(field fill.out rate) responses/s
results at $STORED responses   surv_results $RES_MS ms, HTTP $HTTP_MS ms (medians of $RUNS)   target < 50 ms: $v_res
database                        $DB_MB MB
load average                    $LOAD_BEFORE before, $(load_avg) after
=========================================================
EOF

[ "$MISSING" = 0 ] || exit 1
case "$v_ratio$v_rate$v_res" in
*MISSED*) [ -z "${BENCH_STRICT:-}" ] || exit 1 ;;
esac
exit 0
