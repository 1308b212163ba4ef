#!/bin/sh
# bench/replicas.sh - reads with a hot standby (ntm serve --read-db) against
# the same without it, on one machine.
#
#   sh bench/replicas.sh          (after make; about 3 minutes, most of it
#                                  `ntm init` and the base backup)
#
# A private primary (scripts/pg-cluster.sh start) and a streaming hot
# standby of it (scripts/pg-cluster.sh standby), in the temporary
# directory, stopped and removed at the end.  Two set-ups, all four
# servers up for the whole run (`ntm serve --threads 2 --no-cache --quiet`):
#   primary    2 processes on the primary alone
#   standby    2 processes on the primary with --read-db the standby: their
#              reads go to the standby
# Workload: GET /api/v1/units?q=tan&limit=50 (a real search on every
# request: --no-cache), no load balancer: one wrk per process at the same
# time, -c8 each, the two rates added.  BENCH_ROUNDS (3) rounds of
# BENCH_DURATION (5) s, the two set-ups in turn in each round; the median
# req/s and the median of the per-round ratios standby/primary.  The load
# average is printed before and after: the machine is shared, and with 2
# cores wrk, the servers and both PostgreSQL servers share them.
# Exit status: 0 when only 2xx answers came back; 1 otherwise; 2 when it
# could not run.
#
# Env: NTM_BIN (default build/ntm), BENCH_DURATION, BENCH_ROUNDS,
#      BENCH_KEEP=1 (keep the temporary directory).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=8
READ_PATH="/api/v1/units?q=tan&limit=50"

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
command -v wrk >/dev/null 2>&1 || die "wrk not installed (apt-get install wrk)"
command -v psql >/dev/null 2>&1 || die "psql not installed (sh scripts/install-deps.sh)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntm-replicas.XXXXXX")
chmod 711 "$TMP"	# the postgres user reaches the clusters inside
SERVER_PIDS=""
FAILED=0

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# shellcheck disable=SC2317  # called by the trap
cleanup() {
	for p in $SERVER_PIDS; do
		stop_pid "$p"
	done
	sh "$ROOT/scripts/pg-cluster.sh" stop "$TMP/s" >/dev/null 2>&1 || true
	sh "$ROOT/scripts/pg-cluster.sh" stop "$TMP/p" >/dev/null 2>&1 || true
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# serve DB [args...]: start one server; its port in PORT.
NSERVER=0
serve() {
	sv_db=$1
	shift
	NSERVER=$((NSERVER + 1))
	err=$TMP/ntm$NSERVER.err
	"$NTM" serve --db "$sv_db" --listen 127.0.0.1:0 --threads 2 --no-cache --quiet \
	    --no-sender "$@" >/dev/null 2>"$err" &
	sv_pid=$!
	SERVER_PIDS="$SERVER_PIDS $sv_pid"
	PORT=$(ntm_port "$sv_pid" "$err") || die "ntm serve did not start"
}

# rate PORT PORT: both loaded at once, the sum of req/s.
rate() {
	wrk -t1 -c$CONNS -d"${DURATION}s" "http://127.0.0.1:$1$READ_PATH" >"$TMP/w1" 2>&1 &
	w1=$!
	wrk -t1 -c$CONNS -d"${DURATION}s" "http://127.0.0.1:$2$READ_PATH" >"$TMP/w2" 2>&1 &
	w2=$!
	wait $w1 || true
	wait $w2 || true
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$TMP/w1" "$TMP/w2"; then
		cat "$TMP/w1" "$TMP/w2" >&2
		: >"$TMP/failed"	# rate runs in a subshell
	fi
	awk '/^Requests\/sec:/ { s += $2 } END { printf "%.1f\n", s }' "$TMP/w1" "$TMP/w2"
}

echo "load average before: $(load_avg)"
PURL=$(sh scripts/pg-cluster.sh start "$TMP/p") || die "the primary did not start"
psql -X -q "$PURL/postgres" -c "CREATE DATABASE ntm" || die "createdb failed"
"$NTM" init --db "$PURL/ntm" >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "ntm init failed"; }
SURL=$(sh scripts/pg-cluster.sh standby "$TMP/s" "$TMP/p") || die "the standby did not start"
serve "$PURL/ntm"; A1=$PORT
serve "$PURL/ntm"; A2=$PORT
serve "$PURL/ntm" --read-db "$SURL/ntm"; B1=$PORT
serve "$PURL/ntm" --read-db "$SURL/ntm"; B2=$PORT
for p in $A1 $A2 $B1 $B2; do	# warm-up: connections, statements
	wrk -t1 -c4 -d1s "http://127.0.0.1:$p$READ_PATH" >/dev/null 2>&1 || true
done
: >"$TMP/a"; : >"$TMP/b"; : >"$TMP/r"
i=0
while [ $i -lt "$ROUNDS" ]; do
	a=$(rate "$A1" "$A2")
	b=$(rate "$B1" "$B2")
	echo "$a" >>"$TMP/a"; echo "$b" >>"$TMP/b"; ratio "$b" "$a" >>"$TMP/r"
	echo "round $((i + 1)): primary only $a req/s, with the standby $b req/s"
	i=$((i + 1))
done
# Where the reads went: statements the standby's servers ran there.
XACT=$(psql -X -A -t "$SURL/postgres" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'ntm'")
A=$(median <"$TMP/a")
B=$(median <"$TMP/b")
R=$(median <"$TMP/r")
echo "load average after: $(load_avg)"
echo
echo "| set-up (2 ntm serve, --threads 2, search, -c$CONNS each) | req/s (median of $ROUNDS) | ratio | target |"
echo "|---|---|---|---|"
echo "| primary only | $A | 1.000 | |"
echo "| primary + 1 hot standby (--read-db) | $B | $R | >= 1.6 |"
echo
echo "standby: $XACT transactions on the ntm database (the reads went there)"
[ ! -e "$TMP/failed" ] || FAILED=1
exit $FAILED
