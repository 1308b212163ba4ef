#!/bin/sh
# bench/criteria.sh - the NTM criteria of the whole country (issue 5): every
# rural pre-2025 commune (7,692) evaluated with the 2021-2025 set from
# stored values, rolled up to provinces and the nation.
#
#   make bench-criteria     (or: sh bench/criteria.sh, after make and
#                            make build/bench/criteria_eval)
#
# 0. `ntm demo` (full: demo values for every rural commune; NTM_DEMO_CRITERIA
#    is unset for it) into a fresh SQLite file; its time is printed, not
#    judged.
# 1. In-memory evaluation: build/bench/criteria_eval loads the newest
#    ntm-xa-2021-2025 and every commune's 2025 inputs from the database
#    (timed apart), then times crit_evaluate over all of them, median of
#    BENCH_EVAL_PASSES (50) passes.  Target: the whole country < 20 ms.
# 2. Full recompute from the database: `ntm criteria recompute
#    ntm-xa-2021-2025 --year 2025`, 3 runs, median wall time of the command
#    (process start, every evaluation read, evaluated and written, the
#    roll-ups rebuilt, the district set counting the communes redone, one
#    transaction).  Target: < 2 s.
# 3. The national roll-up: `ntm serve --threads 1 --quiet` answering
#    GET /api/v1/units/2025/VN/rollup/ntm-xa-2021-2025/2025 (and the pre-2025
#    one, .../pre2025/VN/...) against a private nginx (1 worker) serving a
#    file of exactly the same bytes; wrk -t1 -c32 -d5s, alternating, 3 rounds
#    each.  Target: median ratio ntm/nginx >= 0.5.  For reference, one round
#    of the HTML page /units/2025/VN/rollup/... against nginx serving its
#    bytes, and one round of each API path on a --no-cache server (every
#    request builds the roll-up from the database: the cost of a miss).
# The roll-up's "met" must equal the count of step 1 (a check, not a
# figure).
#
# Loopback only, every load bounded in time; about 2 minutes (the demo
# database alone ~20-40 s).  Builds nothing.  Needs wrk, nginx and curl
# (scripts/install-deps.sh).  Exit status: 0 when the run completed, whatever
# the figures; with BENCH_STRICT=1, 1 when a target is missed; 2 when it
# could not run.
#
# Env: NTM_BIN (default build/ntm), CRITERIA_EVAL_BIN (default
#      build/bench/criteria_eval), NGINX_BIN (default nginx),
#      BENCH_DURATION (wrk seconds per round, default 5), BENCH_ROUNDS
#      (default 3), BENCH_EVAL_PASSES (default 50), BENCH_RECOMPUTE_RUNS
#      (default 3), BENCH_KEEP=1 (keep the temporary directory).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
EVAL=${CRITERIA_EVAL_BIN:-$ROOT/build/bench/criteria_eval}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
PASSES=${BENCH_EVAL_PASSES:-50}
RECOMPUTE_RUNS=${BENCH_RECOMPUTE_RUNS:-3}
SET=ntm-xa-2021-2025
YEAR=2025
API_2025=/api/v1/units/2025/VN/rollup/$SET/$YEAR
API_PRE=/api/v1/units/pre2025/VN/rollup/$SET/$YEAR
PAGE=/units/2025/VN/rollup/$SET/$YEAR

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
[ -x "$EVAL" ] || die "$EVAL not found: run 'make build/bench/criteria_eval' first"
find_tools
bench_tmp ntm-bench-criteria

echo "== ntm criteria bench: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
LOAD_BEFORE=$(load_avg)
echo "load average before: $LOAD_BEFORE (other work on these $(nproc) cores skews every figure)"

# ---- 0. the demo database ------------------------------------------------------
DB=$TMP/demo.db
t0=$(now_ns)
(unset NTM_DEMO_CRITERIA; "$NTM" demo --db "$DB") >"$TMP/demo.out" 2>"$TMP/demo.err" ||
	{ cat "$TMP/demo.err" >&2; die "ntm demo failed"; }
DEMO_S=$(elapsed_s "$t0" "$(now_ns)")
echo "ntm demo (full criteria data): $DEMO_S s"

# ---- 1. in-memory evaluation ----------------------------------------------------
"$EVAL" "$DB" "$SET" "$YEAR" "$PASSES" >"$TMP/eval.out" 2>"$TMP/eval.err" ||
	{ cat "$TMP/eval.err" >&2; die "criteria_eval failed"; }
grep -v '^bench-criteria-eval ' "$TMP/eval.out"
# field NAME: a value of criteria_eval's "bench-criteria-eval k=v ..." line
field() { tr ' ' '\n' <"$TMP/eval.out" | sed -n "s/^$1=//p" | head -1; }
EVAL_UNITS=$(field units)
EVAL_MET=$(field met)
EVAL_MS=$(field pass_ms)
EVAL_US=$(field us_per_unit)
EVAL_CPU=$(field cpu_ms)
EVAL_KEPT=$(field kept_ms)
EVAL_LOAD=$(field load_ms)
[ -n "$EVAL_MS" ] || die "no figures from criteria_eval"

# ---- 2. full recompute from the database -----------------------------------------
echo "full recompute: ntm criteria recompute $SET --year $YEAR, $RECOMPUTE_RUNS runs"
: >"$TMP/recompute.txt"
i=1
while [ $i -le "$RECOMPUTE_RUNS" ]; do
	t0=$(now_ns)
	"$NTM" criteria recompute "$SET" --year "$YEAR" --db "$DB" >"$TMP/recompute.out" 2>&1 ||
		{ cat "$TMP/recompute.out" >&2; die "ntm criteria recompute failed"; }
	s=$(elapsed_s "$t0" "$(now_ns)")
	echo "$s" >>"$TMP/recompute.txt"
	echo "  run $i: $s s   ($(head -1 "$TMP/recompute.out"))"
	i=$((i + 1))
done
RECOMPUTE_S=$(median <"$TMP/recompute.txt")
RECOMPUTE_ALL=$(tr '\n' ' ' <"$TMP/recompute.txt")

# ---- 3. the national roll-up vs nginx static ---------------------------------------
start_ntm "$DB" /dev/null --quiet
mkdir -p "$TMP/www"
# fetch PATH FILE: ntm's answer to PATH into $TMP/www/FILE; dies unless 200.
fetch() {
	code=$(curl -s -o "$TMP/www/$2" -w '%{http_code}' "http://127.0.0.1:$NTM_PORT$1") || code=000
	[ "$code" = 200 ] || die "GET $1 answered $code (is the roll-up route in this build?)"
	[ "$(wc -c <"$TMP/www/$2")" -gt 1000 ] || die "GET $1: unexpectedly small body"
}
fetch "$API_2025" rollup-2025.json
fetch "$API_PRE" rollup-pre2025.json
fetch "$PAGE" rollup.html
# The country's "met" (the first "evaluated" of the answer is the scope's).
ROLLUP_MET=$(grep -o '"evaluated":[0-9]*,"met":[0-9]*' "$TMP/www/rollup-2025.json" |
	head -1 | sed 's/.*://')
start_nginx rollup-2025.json
for f in rollup-2025.json rollup-pre2025.json rollup.html; do
	a=$(wc -c <"$TMP/www/$f")
	b=$(curl -sf "http://127.0.0.1:$NGX_PORT/$f" | wc -c)
	[ "$a" -eq "$b" ] || die "nginx body of $f: $b bytes, ntm $a"
done
B2025=$(wc -c <"$TMP/www/rollup-2025.json")
BPRE=$(wc -c <"$TMP/www/rollup-pre2025.json")
BPAGE=$(wc -c <"$TMP/www/rollup.html")

N2025="http://127.0.0.1:$NTM_PORT$API_2025"
NPRE="http://127.0.0.1:$NTM_PORT$API_PRE"
G2025="http://127.0.0.1:$NGX_PORT/rollup-2025.json"
GPRE="http://127.0.0.1:$NGX_PORT/rollup-pre2025.json"
echo "national roll-up: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds each, alternating;" \
	"bodies $B2025 (2025) and $BPRE (pre2025) bytes"
for u in "$N2025" "$G2025" "$NPRE" "$GPRE"; do wrk_warm "$u"; done
r=1
while [ $r -le "$ROUNDS" ]; do
	duel 2025 "$N2025" "$G2025"
	printf '  round %d: 2025    ntm %8.0f req/s   nginx %8.0f req/s   ratio %s\n' \
		"$r" "$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
	duel pre2025 "$NPRE" "$GPRE"
	printf '           pre2025 ntm %8.0f req/s   nginx %8.0f req/s   ratio %s\n' \
		"$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
	r=$((r + 1))
done
for f in 2025.ntm 2025.ngx 2025.ratio pre2025.ntm pre2025.ngx pre2025.ratio; do
	median <"$TMP/$f" >"$TMP/$f.median"
done
RATIO_2025=$(cat "$TMP/2025.ratio.median")
RATIO_PRE=$(cat "$TMP/pre2025.ratio.median")

# Reference: the HTML page.  The response cache keeps JSON views only, so
# every request builds the roll-up and renders the template: tens of ms,
# and 32 requests queued on one thread can outlast wrk's 2 s timeout.
duel page "http://127.0.0.1:$NTM_PORT$PAGE" "http://127.0.0.1:$NGX_PORT/rollup.html" --timeout 30s
printf '  reference, HTML page (%s bytes), 1 round: ntm %.0f req/s   nginx %.0f req/s   ratio %s\n' \
	"$BPAGE" "$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
stop_ntm

# Reference: no response cache, so every request builds the roll-up from
# the database: the cost of a miss (after every write of criteria data).
start_ntm "$DB" /dev/null --quiet --no-cache
for y in 2025 pre2025; do
	[ $y = 2025 ] && p=$API_2025 || p=$API_PRE
	wrk_warm "http://127.0.0.1:$NTM_PORT$p"
	wrk_rps "http://127.0.0.1:$NTM_PORT$p" "ntm --no-cache $y roll-up" --timeout 30s >"$TMP/$y.nocache"
	ratio "$(cat "$TMP/$y.nocache")" "$(cat "$TMP/$y.ngx.median")" >"$TMP/$y.nocache.ratio"
done
printf '  reference, no response cache (--no-cache), 1 round: 2025 %.0f req/s (ratio %s), pre2025 %.0f req/s (ratio %s)\n' \
	"$(cat "$TMP/2025.nocache")" "$(cat "$TMP/2025.nocache.ratio")" \
	"$(cat "$TMP/pre2025.nocache")" "$(cat "$TMP/pre2025.nocache.ratio")"
stop_ntm
stop_nginx

# ---- summary -------------------------------------------------------------------
v_eval=$(verdict "$(awk -v m="$EVAL_MS" 'BEGIN { print (m < 20) }')")
v_recompute=$(verdict "$(awk -v s="$RECOMPUTE_S" 'BEGIN { print (s < 2) }')")
v_rollup=$(verdict "$(awk -v a="$RATIO_2025" -v b="$RATIO_PRE" 'BEGIN { print (a >= 0.5 && b >= 0.5) }')")
if [ "$ROLLUP_MET" = "$EVAL_MET" ]; then
	check="the same $EVAL_MET met communes in the roll-up and in memory"
else
	check="MISMATCH: roll-up met ${ROLLUP_MET:-?}, in-memory evaluation $EVAL_MET"
fi
v_page=$(verdict "$(awk -v a="$(cat "$TMP/page.ratio")" 'BEGIN { print (a >= 0.5) }')")
# rps FILE: the req/s in $TMP/FILE, rounded; us_per_req FILE: 1e6 / it
rps() { awk '{ printf "%.0f", $1 }' "$TMP/$1"; }
us_per_req() { awk '{ printf "%.0f", 1e6 / $1 }' "$TMP/$1"; }

cat <<EOF

==================== criteria summary ====================
ntm demo, full                  ${DEMO_S} s   (the database of this run)
in-memory evaluation            ${EVAL_MS} ms per pass of $EVAL_UNITS communes, ${EVAL_US} us each   target < 20 ms: $v_eval
  CPU time of a pass            ${EVAL_CPU} ms   (wall time less the waits for a core)
  every result kept (ref.)      ${EVAL_KEPT} ms per pass   (~5 KB per commune held until the pass ends)
  inputs from the database      ${EVAL_LOAD} ms   (units of the set + crit_unit_get + crit_input_load)
full recompute (median of $RECOMPUTE_RUNS)    ${RECOMPUTE_S} s   (runs: ${RECOMPUTE_ALL% })   target < 2 s: $v_recompute
national roll-up, ntm/nginx     2025: $RATIO_2025   pre2025: $RATIO_PRE   (medians of $ROUNDS)   target >= 0.5: $v_rollup
  2025 req/s (medians)          ntm $(rps 2025.ntm.median), nginx $(rps 2025.ngx.median), $B2025 bytes
  pre2025 req/s (medians)       ntm $(rps pre2025.ntm.median), nginx $(rps pre2025.ngx.median), $BPRE bytes
  reference (HTML page)         $(cat "$TMP/page.ratio")   ntm $(rps page.ntm) vs nginx $(rps page.ngx) req/s, $BPAGE bytes, 1 round ($v_page if the target meant this page)
  reference (no cache)          2025: $(cat "$TMP/2025.nocache.ratio") ($(rps 2025.nocache) req/s, ~$(us_per_req 2025.nocache) us each)   pre2025: $(cat "$TMP/pre2025.nocache.ratio") ($(rps pre2025.nocache) req/s, ~$(us_per_req pre2025.nocache) us each), 1 round
check                           $check
load average                    $LOAD_BEFORE before, $(load_avg) after
==========================================================
EOF

MISSED=0
case "$v_eval$v_recompute$v_rollup" in *MISSED*) MISSED=1 ;; esac
if [ "$ROLLUP_MET" != "$EVAL_MET" ]; then
	echo "bench: the roll-up does not count what the evaluation counts" >&2
	MISSED=1
fi
if [ "$MISSED" = 1 ] && [ -n "${BENCH_STRICT:-}" ]; then
	exit 1
fi
exit 0
