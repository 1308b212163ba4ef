#!/bin/sh
# bench/callgrind.sh - where one request's time goes, as instruction counts
# (deterministic, unlike req/s on a shared 2-core VM).
#
#   sh bench/callgrind.sh [PATH] [N]
#     PATH  request path (default /api/v1/units/2025/01)
#     N     requests measured (default 100)
#
# Runs `ntm serve --threads 1 --quiet` under valgrind's callgrind on a fresh
# database, sends N sequential keep-alive requests of PATH (plus one warm-up
# and the start-up, which are in the totals but small), then prints the
# instructions per request and the functions that cost most, inclusive.
# Needs valgrind and curl.  Loopback only; ~10-30 s.
set -eu

cd "$(dirname "$0")/.."
NTM=${NTM_BIN:-$(pwd)/build/ntm}
REQ_PATH=${1:-/api/v1/units/2025/01}
N=${2:-100}

die() { echo "callgrind: $*" >&2; exit 2; }
[ -x "$NTM" ] || die "$NTM not found: run 'make' first"
command -v valgrind >/dev/null 2>&1 || die "valgrind not installed (apt-get install valgrind)"
command -v curl >/dev/null 2>&1 || die "curl not installed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntm-callgrind.XXXXXX")
PID=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	[ -z "$PID" ] || kill -KILL "$PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

"$NTM" init --db "$TMP/ntm.db" >/dev/null 2>&1 || die "ntm init failed"
valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" \
	"$NTM" serve --db "$TMP/ntm.db" --listen 127.0.0.1:0 --threads 1 --quiet \
	2>"$TMP/err" &
PID=$!
PORT=""
i=0
while [ -z "$PORT" ] && [ $i -lt 300 ]; do
	kill -0 "$PID" 2>/dev/null || { cat "$TMP/err" >&2; die "ntm serve exited"; }
	PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMP/err")
	[ -n "$PORT" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || die "ntm serve did not start under valgrind"
URL="http://127.0.0.1:$PORT$REQ_PATH"
curl -sf -o /dev/null "$URL" || die "GET $REQ_PATH failed"
i=0
while [ $i -lt "$N" ]; do
	printf 'url = "%s"\noutput = "/dev/null"\n' "$URL"
	i=$((i + 1))
done >"$TMP/curl.cfg"
curl -sf -K "$TMP/curl.cfg" || die "requests failed"
kill -TERM "$PID"
wait "$PID" 2>/dev/null || true
PID=""

callgrind_annotate --inclusive=yes "$TMP/cg.out" >"$TMP/report.txt" 2>/dev/null
total=$(awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }' "$TMP/report.txt")
echo "GET $REQ_PATH x $((N + 1)): $total instructions in all, ~$((total / (N + 1))) per request"
echo "inclusive cost, top functions (ntm's own, jansson, sqlite, malloc):"
grep -E '%\)  (\?\?\?|src/|\./)' "$TMP/report.txt" |
	grep -E 'build/ntm\]|json_(dumps|delete|object_set_new) |sqlite3_step |malloc.c:(malloc|free) ' |
	head -25
