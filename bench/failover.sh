#!/bin/sh
# bench/failover.sh - kill the PostgreSQL primary under a write load, N times:
# no acknowledged write lost, the time without writes, the audit chain.
#
#   sh bench/failover.sh [TRIALS]     (after make; TRIALS default 20,
#                                      about a minute each on this machine)
#
# A private pg_auto_failover formation (scripts/pg-formation.sh: monitor,
# primary, synchronous standby) gets `ntm init` and an admin account; one
# `ntm serve --threads 2` runs on its multi-host URL
# (target_session_attrs=read-write).  Each trial:
#   1. waits until the formation has a primary and a secondary in sync;
#   2. starts bench/failover_load.js (tokens made one by one, indicator
#      values on two communes; a 503 is retried after its Retry-After);
#   3. after FAILOVER_WARM seconds (default 3) kills the primary whole
#      (kill -9 of its pg_autoctl and every postgres process:
#      pg-formation.sh kill-primary);
#   4. waits for writes to be acknowledged again, lets the load run 2 s
#      more, stops it;
#   5. checks: every token acknowledged is in the database, each commune's
#      indicator value is the last one acknowledged, `ntm audit verify`
#      passes;
#   6. brings the killed node back (it rejoins as the standby).
# The write gap of a trial is the time between the last write acknowledged
# before the kill and the first one after it.  Printed: per trial the gap,
# the 503 answers, the writes acknowledged, the writes lost; then the
# median and maximum gap against the target (< 10 s median), the load
# average before and after.
# Exit status: 0 when every trial lost nothing and kept the chain intact;
# 1 otherwise (the figures are still printed); 2 when it could not run.
#
# Env: NTM_BIN (default build/ntm), FAILOVER_WARM (s, default 3),
#      BENCH_KEEP=1 (keep the temporary directory; the formation is stopped
#      all the same).  Needs node, curl, psql, pg_autoctl
#      (scripts/install-deps.sh).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
TRIALS=${1:-20}
WARM=${FAILOVER_WARM:-3}
PASSWORD=fo-bench-2026-pass

die() { echo "failover: $*" >&2; exit 2; }

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
for t in node curl psql pg_autoctl; do
	command -v $t >/dev/null 2>&1 || die "$t not installed (sh scripts/install-deps.sh)"
done

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntm-failover.XXXXXX")
chmod 711 "$TMP"	# pg-formation.sh's servers run as postgres
FORM=$TMP/formation
SERVE_PID=""
LOAD_PID=""

# shellcheck disable=SC2317  # called by the trap
cleanup() {
	[ -z "$LOAD_PID" ] || kill -KILL "$LOAD_PID" 2>/dev/null || true
	stop_pid "$SERVE_PID"
	sh "$ROOT/scripts/pg-formation.sh" stop "$FORM" >/dev/null 2>&1 || true
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "failover: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before: $LOAD_BEFORE ($(nproc) cores, shared)"

URL=$(sh scripts/pg-formation.sh start "$FORM") || die "the formation did not start"
echo "formation: $URL"
T0=$(now_ns)
# The set-up is not what is measured: init commits without waiting for the
# standby (it is on it long before the first kill all the same).
"$NTM" init --db "$URL&options=-csynchronous_commit%3Doff" >"$TMP/init.out" 2>&1 ||
	{ cat "$TMP/init.out" >&2; die "ntm init failed"; }
echo "ntm init on the formation: $(elapsed_s "$T0" "$(now_ns)") s"
printf '%s\n' "$PASSWORD" | "$NTM" user add --db "$URL" --username foadmin \
	--role admin --unit 2025:VN >/dev/null 2>&1 || die "ntm user add failed"

"$NTM" serve --db "$URL" --listen 127.0.0.1:0 --threads 2 --quiet \
	>/dev/null 2>"$TMP/serve.err" &
SERVE_PID=$!
PORT=$(ntm_port "$SERVE_PID" "$TMP/serve.err") || die "ntm serve did not start"
BASE=http://127.0.0.1:$PORT
login=$(curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"foadmin\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session") ||
	die "login failed"
csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
TOKEN=$(curl -sf -b "$TMP/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
	-d '{"name":"failover-bench"}' "$BASE/api/v1/tokens" |
	sed -n 's/.*"token":"\(ntm_[^"]*\)".*/\1/p') || true
[ -n "$TOKEN" ] || die "could not make an API token"

FAILED=0
: >"$TMP/gaps"
printf '%-6s %-7s %9s %6s %6s %5s %s\n' trial killed gap_ms "503s" acked lost audit
i=1
while [ "$i" -le "$TRIALS" ]; do
	sh scripts/pg-formation.sh wait "$FORM" 300 || die "trial $i: the formation did not heal"
	out=$TMP/load.$i
	: >"$out"
	node bench/failover_load.js "$BASE" "$TOKEN" "$out" "$i" 2>"$TMP/load.$i.err" &
	LOAD_PID=$!
	sleep "$WARM"
	killed=$(sh scripts/pg-formation.sh kill-primary "$FORM") || die "trial $i: kill-primary failed"
	TK=$(( $(now_ns) / 1000000 ))
	# Writes again (at most 120 s), then 2 s more of them.
	n=0
	until awk -v tk="$TK" '$2 != "503" && $1 > tk { f = 1 } END { exit !f }' "$out"; do
		n=$((n + 1))
		[ $n -lt 1200 ] || break
		kill -0 "$LOAD_PID" 2>/dev/null || break
		sleep 0.1
	done
	sleep 2
	kill -TERM "$LOAD_PID" 2>/dev/null || true
	load_rc=0
	wait "$LOAD_PID" || load_rc=$?
	LOAD_PID=""
	[ "$load_rc" -eq 0 ] || { cat "$TMP/load.$i.err" >&2; FAILED=1; }
	gap=$(awk -v tk="$TK" '$2 == "503" { next }
		$1 <= tk { last = $1 } $1 > tk && !first { first = $1 }
		END { if (last && first) print first - last; else print "none" }' "$out")
	[ "$gap" != none ] || FAILED=1
	[ "$gap" = none ] || echo "$gap" >>"$TMP/gaps"
	n503=$(awk '$2 == "503"' "$out" | wc -l)
	acked=$(awk '$2 != "503"' "$out" | wc -l)
	# Every acknowledged token present; each commune's value the last acknowledged.
	awk '$2 == "tok" { print $3 }' "$out" | sort -u >"$TMP/tok.want"
	psql -XAtq "$URL" -c "SELECT name FROM api_token WHERE name LIKE 'fo-$i-%'" |
		sort -u >"$TMP/tok.have" || die "trial $i: psql failed"
	lost=$(comm -23 "$TMP/tok.want" "$TMP/tok.have" | wc -l)
	for unit in 00376 00382; do
		want=$(awk -v u="2025:$unit" '$2 == "ind" && $3 == u { v = $4 } END { print v }' "$out")
		[ -n "$want" ] || continue
		have=$(psql -XAtq "$URL" -c "SELECT value FROM indicator_value WHERE structure = '2025' AND code = '$unit' AND set_id = 'ntm-xa-2026-2030' AND year = 2026 AND indicator_id = '3.1'")
		# a number, stored as the server formats it (7 or 7.0)
		awk -v a="$want" -v b="$have" 'BEGIN { exit !(a + 0 == b + 0) }' ||
			{ echo "trial $i: $unit holds $have, last acknowledged $want" >&2; lost=$((lost + 1)); }
	done
	if "$NTM" audit verify --db "$URL" >"$TMP/audit.$i" 2>&1; then audit=ok; else audit=BROKEN; cat "$TMP/audit.$i" >&2; fi
	[ "$lost" -eq 0 ] && [ "$audit" = ok ] || FAILED=1
	printf '%-6s %-7s %9s %6s %6s %5s %s\n' "$i" "$killed" "$gap" "$n503" "$acked" "$lost" "$audit"
	sh scripts/pg-formation.sh start "$FORM" >/dev/null || die "trial $i: the killed node did not come back"
	i=$((i + 1))
done

MEDIAN=$(median <"$TMP/gaps")
MAX=$(sort -n "$TMP/gaps" | tail -n 1)
echo
echo "trials: $TRIALS; write gap median ${MEDIAN} ms, max ${MAX} ms (target: median < 10000 ms: $(verdict "$(awk -v m="$MEDIAN" 'BEGIN { print (m < 10000) ? 1 : 0 }')"))"
echo "acknowledged writes lost: $(if [ $FAILED -eq 0 ]; then echo 0; else echo "SOME (see above)"; fi)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $FAILED
