#!/bin/sh
# bench/backends.sh - the same read and write workloads on SQLite and on
# PostgreSQL, with one and with two server processes.
#
#   sh bench/backends.sh          (after make; about 2.5 minutes)
#
# Three set-ups, every server `ntm serve --threads 1 --quiet`:
#   sqlite 1p   one process on a SQLite file
#   pg 1p       one process on a PostgreSQL database
#   pg 2p       two processes on one PostgreSQL database; no load balancer:
#               one wrk per process at the same time, each with half the
#               connections, and the two rates added
# Workloads (wrk -t1 per wrk instance):
#   search      GET /api/v1/units?q=tan&limit=50 on --no-cache servers (every
#               request really searches), -c16 -d5s
#   unit page   GET /api/v1/units/2025/00376 with the response cache on: each
#               request checks the units_version token in the database, then
#               copies the cached JSON; -c16 -d5s
#               Reads: 1 s of warm-up, then BENCH_ROUNDS (3) rounds, the three
#               set-ups in turn in each round (all servers stay up); the
#               median req/s and the median of the per-round ratios.
#   write       POST /api/v1/tokens {"name":"bench-…"} with a Bearer token:
#               one write transaction with an audit append (plus the token's
#               last_used_at update); -c4.  Bounded by count, not time:
#               BENCH_WRITES (2000) writes per set-up, spread over API tokens of
#               the 10 demo accounts, each set-up on a fresh copy of the same
#               database.  The answer lists all of the caller's tokens, so the
#               cost of a write grows with the tokens already made; a
#               time-bounded run would let a faster back-end pay for more of
#               them.  The rate is timed inside wrk (first request to last
#               answer); BENCH_WRITE_CAP (20 s) bounds it in time all the same.
# Every figure is printed as req/s and as a ratio to the sqlite 1p figure of
# the same workload.  Afterwards `ntm audit verify` runs on each database: the
# write load must leave the hash chain intact.
#
# The PostgreSQL cluster is a private one (scripts/pg-cluster.sh) in the
# temporary directory, stopped and removed at the end; for the loads it
# commits durably (fsync, synchronous_commit and full_page_writes on), like
# ntm's SQLite (WAL, synchronous=FULL), unless BENCH_PG_FSYNC=off.  Loopback
# only, every load bounded.  Builds nothing: expects build/ntm (make).  Needs wrk (with
# LuaJIT, as Debian's), curl, psql and PostgreSQL 15 (scripts/install-deps.sh).
# Exit status: 0 when the run completed with only 2xx answers and intact
# audit chains; 1 when an answer was not a 2xx, a socket error happened or a
# chain is broken (the figures are still printed); 2 when it could not run.
#
# Env: NTM_BIN (default build/ntm), BENCH_DURATION (wrk seconds per read
#      round, default 5), BENCH_ROUNDS (default 3), BENCH_WRITES (default 2000), BENCH_WRITE_CAP
#      (seconds, default 20), BENCH_PG_FSYNC=off (keep the test cluster's
#      fsync and synchronous_commit off during the loads), BENCH_KEEP=1
#      (keep the temporary directory; the cluster is stopped all the same).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
WRITES=${BENCH_WRITES:-2000}
WRITE_CAP=${BENCH_WRITE_CAP:-20}
READ_CONNS=16
WRITE_CONNS=4
SEARCH_PATH="/api/v1/units?q=tan&limit=50"
UNIT_PATH="/api/v1/units/2025/00376"
USERS="admin dieuphoi hanoi danang socson bana thon1 thamdinh ocop htx"
PASSWORD=ntm-demo-2026

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
command -v wrk >/dev/null 2>&1 || die "wrk not installed (apt-get install wrk)"
command -v curl >/dev/null 2>&1 || die "curl not installed (apt-get install curl)"
command -v psql >/dev/null 2>&1 || die "psql not installed (sh scripts/install-deps.sh)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntm-backends.XXXXXX")
# Run as root, pg-cluster.sh runs PostgreSQL as the postgres user, which
# must reach the cluster's directory inside this one.
chmod 711 "$TMP"
PG_DIR=$TMP/pg
PG_STARTED=""
SERVER_PIDS=""
WRK_PIDS=""
FAILED=0

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

stop_servers() {
	for p in $SERVER_PIDS; do
		stop_pid "$p"
	done
	SERVER_PIDS=""
	PORTS=""
}

# shellcheck disable=SC2317  # called by the trap
cleanup() {
	for p in $WRK_PIDS; do
		kill -KILL "$p" 2>/dev/null || true
	done
	stop_servers
	if [ -n "$PG_STARTED" ]; then
		sh "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
	fi
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Start one `ntm serve` on a free loopback port; adds its pid to SERVER_PIDS
# and its port to PORTS.
#   start_ntm DB [extra args...]
PORTS=""
NSERVER=0
start_ntm() {
	sn_db=$1
	shift
	NSERVER=$((NSERVER + 1))
	sn_err=$TMP/ntm$NSERVER.err
	"$NTM" serve --db "$sn_db" --listen 127.0.0.1:0 --threads 1 --quiet "$@" \
		>/dev/null 2>"$sn_err" &
	sn_pid=$!
	SERVER_PIDS="$SERVER_PIDS $sn_pid"
	sn_port=$(ntm_port "$sn_pid" "$sn_err") || die "ntm serve did not start"
	PORTS="$PORTS $sn_port"
}

# Every server still running?  Says which one died and how.
servers_check() {
	for p in $SERVER_PIDS; do
		kill -0 "$p" 2>/dev/null && continue
		rc=0
		wait "$p" 2>/dev/null || rc=$?
		echo "bench: ntm serve (pid $p) died (exit $rc); the servers' stderr:" >&2
		tail -n 5 "$TMP"/ntm*.err >&2
		die "a server died under load"
	done
}

# One API token per demo account, made through the API (log in, then
# POST /api/v1/tokens with the session cookie and the CSRF token).
#   make_tokens PORT > tokens
make_tokens() {
	for u in $USERS; do
		jar=$TMP/jar.$u
		login=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
			-d "{\"username\":\"$u\",\"password\":\"$PASSWORD\"}" \
			"http://127.0.0.1:$1/api/v1/session") || die "login as $u failed"
		csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
		[ -n "$csrf" ] || die "no csrf_token in the login answer for $u"
		tok=$(curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
			-d '{"name":"bench"}' "http://127.0.0.1:$1/api/v1/tokens" |
			sed -n 's/.*"token":"\(ntm_[^"]*\)".*/\1/p') || true
		[ -n "$tok" ] || die "could not make an API token for $u"
		echo "$tok"
	done
}

# Entries of an intact audit chain, or "BROKEN".
audit_count() {
	out=$("$NTM" audit verify --db "$1" 2>&1) || { echo "$out" >&2; echo BROKEN; return 0; }
	printf '%s\n' "$out" | sed -n 's/.*intact: \([0-9]*\) entries.*/\1/p'
}

# The write script: POST /api/v1/tokens with the Bearer tokens in turn, a
# name unique to this run, until LIMIT answers have come; times the run itself
# (wrk's own req/s divides by -d even when the thread stops early), then
# touches MARKER so that the shell stops wrk at once.
#   wrk ... -s write.lua URL -- LIMIT MARKER TAG TOKEN...
cat >"$TMP/write.lua" <<'EOF'
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now()
	ffi.C.clock_gettime(1, ts)	-- CLOCK_MONOTONIC
	return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local tokens, limit, marker, tag, n = {}, 0, nil, "", 0
t0, t1, got, bad = 0, 0, 0, 0

function init(args)
	limit, marker, tag = tonumber(args[1]), args[2], args[3]
	for i = 4, #args do tokens[#tokens + 1] = "Bearer " .. args[i] end
end

function request()
	if t0 == 0 then t0 = now() end
	n = n + 1
	return wrk.format("POST", nil, {
		["Authorization"] = tokens[n % #tokens + 1],
		["Content-Type"] = "application/json",
	}, string.format('{"name":"bench-%s-%d"}', tag, n))
end

function response(status, headers, body)
	got = got + 1
	if status < 200 or status > 299 then bad = bad + 1 end
	if got == limit then
		t1 = now()
		local f = io.open(marker, "w")
		if f then f:close() end
		wrk.thread:stop()
	end
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency, requests)
	for _, t in ipairs(threads) do
		local a, b, capped = t:get("t0"), t:get("t1"), ""
		if b == 0 then b, capped = now(), " capped" end
		print(string.format("bench-writes %d %.6f %d%s", t:get("got"), b - a, t:get("bad"), capped))
	end
end
EOF

# Parse one wrk output: "RATE NON2XX SOCKERRS".  For the write script the
# rate is its own (answers / seconds), not wrk's.
wrk_parse() {
	awk '
		/^Requests\/sec:/ { rps = $2 }
		/^bench-writes / { w = 1; wr = ($3 > 0) ? $2 / $3 : 0; if ($5 == "capped") capped = 1 }
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		/Socket errors:/ { s = $0; gsub(/[^0-9 ]/, "", s); n = split(s, v, " "); for (i = 1; i <= n; i++) sock += v[i] }
		END { printf "%.1f %d %d %d\n", (w ? wr : rps), non2xx, sock, capped }' "$1"
}

# One second of the read load on every server in PORTS, not counted (the
# connection to the database, the statements, the page cache).
warm() {
	for port in $PORTS; do
		wrk -t1 -c2 -d1s "http://127.0.0.1:$port$LOAD_PATH" >/dev/null 2>&1 &
		WRK_PIDS="$WRK_PIDS $!"
	done
	for p in $WRK_PIDS; do wait "$p" || true; done
	WRK_PIDS=""
}

# Run one workload against every server in PORTS at once (one wrk each,
# CONNS split between them); sets LOAD_RESULT to "TOTAL_RATE|per-process
# rates" and keeps going on errors (noted in ERRORS).
#   load NAME KIND CONNS
#     KIND read: PATH in $LOAD_PATH, -d$DURATION
#     KIND write: the write script, $WRITES answers in all
ERRORS=$TMP/errors
: >"$ERRORS"
load() {
	name=$1 kind=$2 conns=$3
	# shellcheck disable=SC2086
	np=$(echo $PORTS | wc -w)
	c=$((conns / np))
	k=0
	for port in $PORTS; do
		k=$((k + 1))
		out=$TMP/wrk.$name.$k
		if [ "$kind" = read ]; then
			wrk -t1 -c"$c" -d"${DURATION}s" "http://127.0.0.1:$port$LOAD_PATH" >"$out" 2>&1 &
		else
			rm -f "$TMP/done.$k"
			# shellcheck disable=SC2086  # the tokens are words
			wrk -t1 -c"$c" -d"${WRITE_CAP}s" -s "$TMP/write.lua" \
				"http://127.0.0.1:$port/api/v1/tokens" -- \
				$((WRITES / np)) "$TMP/done.$k" "$$-$name-$k" $TOKENS >"$out" 2>&1 &
		fi
		WRK_PIDS="$WRK_PIDS $!"
	done
	if [ "$kind" = write ]; then
		# Stop each wrk (SIGINT ends its sleep; it then reports) as soon
		# as its script has had its answers.
		while :; do
			alive=0 k=0
			for p in $WRK_PIDS; do
				k=$((k + 1))
				kill -0 "$p" 2>/dev/null || continue
				alive=1
				[ -e "$TMP/done.$k" ] && kill -INT "$p" 2>/dev/null
			done
			[ $alive = 1 ] || break
			sleep 0.05
		done
	fi
	for p in $WRK_PIDS; do wait "$p" || true; done
	WRK_PIDS=""
	servers_check
	total=0 each=""
	k=0
	for port in $PORTS; do
		k=$((k + 1))
		out=$TMP/wrk.$name.$k
		# shellcheck disable=SC2046
		set -- $(wrk_parse "$out")
		[ $# -eq 4 ] || { cat "$out" >&2; die "$name: cannot read wrk's output"; }
		if [ "$2" != 0 ] || [ "$3" != 0 ] || [ "$4" != 0 ]; then
			{
				echo "== $name, process $k (port $port): $2 non-2xx, $3 socket errors$( [ "$4" = 0 ] || echo ", stopped by BENCH_WRITE_CAP before $((WRITES / np)) answers")"
				cat "$out"
			} >>"$ERRORS"
		fi
		total=$(awk -v a="$total" -v b="$1" 'BEGIN { printf "%.1f", a + b }')
		each="$each $(printf '%.0f' "$1")"
	done
	LOAD_RESULT="$total|${each# }"
}

echo "== ntm backends bench: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $("$NTM" version 2>/dev/null | head -1)"
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
echo "load average before: $LOAD_BEFORE (other work on these $(nproc) cores skews every figure)"
T_START=$(date +%s)

# ---- databases ----------------------------------------------------------------
# SQLite: the demo data set, then the API tokens.
SQLITE_DB=$TMP/sqlite.db
"$NTM" demo --db "$SQLITE_DB" >"$TMP/demo.sqlite.out" 2>&1 ||
	{ cat "$TMP/demo.sqlite.out" >&2; die "ntm demo (SQLite) failed"; }
start_ntm "$SQLITE_DB"
make_tokens "${PORTS# }" >"$TMP/tokens.sqlite"
stop_servers

# PostgreSQL: a private cluster; database "one" gets the demo data and the
# tokens, "two" is a copy of it made before any load (CREATE DATABASE ...
# TEMPLATE), so both write runs start from the same state.
PG_STARTED=1
BASE=$(sh scripts/pg-cluster.sh start "$PG_DIR") || die "could not start PostgreSQL"
PG_VERSION=$(psql -Atq "$BASE/postgres" -c 'SHOW server_version')
psql -q "$BASE/postgres" -c 'CREATE DATABASE one' >/dev/null || die "CREATE DATABASE failed"
"$NTM" demo --db "$BASE/one" >"$TMP/demo.pg.out" 2>&1 ||
	{ cat "$TMP/demo.pg.out" >&2; die "ntm demo (PostgreSQL) failed"; }
start_ntm "$BASE/one"
make_tokens "${PORTS# }" >"$TMP/tokens.pg"
stop_servers
i=0
# The stopped server's backend may take a moment to leave the template.
until psql -q "$BASE/postgres" -c 'CREATE DATABASE two TEMPLATE one' >/dev/null 2>"$TMP/clone.err"; do
	i=$((i + 1))
	[ $i -lt 50 ] || { cat "$TMP/clone.err" >&2; die "could not copy the database"; }
	sleep 0.1
done

# The private cluster is built for tests (fsync, synchronous_commit and
# full_page_writes off), while ntm's SQLite commits with synchronous=FULL
# (an fsync of the WAL per commit).  For a like-for-like write figure, make
# PostgreSQL durable too (a reload is enough); BENCH_PG_FSYNC=off keeps the
# test settings.
if [ "${BENCH_PG_FSYNC:-on}" = on ]; then
	psql -q "$BASE/postgres" -c 'ALTER SYSTEM SET fsync = on' \
		-c 'ALTER SYSTEM SET synchronous_commit = on' \
		-c 'ALTER SYSTEM SET full_page_writes = on' \
		-c 'SELECT pg_reload_conf()' >/dev/null || die "could not turn fsync on"
	sleep 0.2
fi
PG_DURABILITY="fsync=$(psql -Atq "$BASE/postgres" -c 'SHOW fsync'), synchronous_commit=$(psql -Atq "$BASE/postgres" -c 'SHOW synchronous_commit')"

AUDIT0_SQLITE=$(audit_count "$SQLITE_DB")
AUDIT0_PG1=$(audit_count "$BASE/one")
AUDIT0_PG2=$(audit_count "$BASE/two")
echo "SQLite $("$NTM" version | sed -n 's/^sqlite //p') (WAL, synchronous=FULL), PostgreSQL $PG_VERSION (private cluster; $PG_DURABILITY)"
echo "setup: $(($(date +%s) - T_START)) s; audit entries before the load: sqlite $AUDIT0_SQLITE, pg $AUDIT0_PG1 / $AUDIT0_PG2"

# ---- the three set-ups -----------------------------------------------------------
# All servers start now and stay up (idle ones cost nothing); the read rounds
# alternate between the set-ups, so that a change in the machine's other
# load falls on all three alike, and each set-up's ratio is taken per round.
# NC_<set-up> / C_<set-up>: the ports of its --no-cache / cached servers;
# TOKENS_<set-up>: its API tokens (read through eval below).
SETUPS="sqlite1 pg1 pg2"
# shellcheck disable=SC2034
{
	PORTS="" ; start_ntm "$SQLITE_DB" --no-cache ; NC_sqlite1=$PORTS
	PORTS="" ; start_ntm "$BASE/one" --no-cache ; NC_pg1=$PORTS
	PORTS="" ; start_ntm "$BASE/two" --no-cache ; start_ntm "$BASE/two" --no-cache ; NC_pg2=$PORTS
	PORTS="" ; start_ntm "$SQLITE_DB" ; C_sqlite1=$PORTS
	PORTS="" ; start_ntm "$BASE/one" ; C_pg1=$PORTS
	PORTS="" ; start_ntm "$BASE/two" ; start_ntm "$BASE/two" ; C_pg2=$PORTS
	TOKENS_sqlite1=$(tr '\n' ' ' <"$TMP/tokens.sqlite")
	TOKENS_pg1=$(tr '\n' ' ' <"$TMP/tokens.pg")
	TOKENS_pg2=$TOKENS_pg1
}

# rate_text RESULT -> "1234" or "2468 (1234+1234)"
rate_text() {
	printf '%s' "$1" | awk -F'|' '{ printf "%.0f", $1; n = split($2, v, " ");
		if (n > 1) { printf " ("; for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "+" : ""), v[i]; printf ")" } }'
}

# read_workload NAME PATH SERVERSET: ROUNDS rounds, each set-up in turn;
# res.NAME.SETUP gets one "total|shares" line per round.
read_workload() {
	LOAD_PATH=$2
	for su in $SETUPS; do
		eval "PORTS=\$${3}_$su"
		warm
	done
	rw_r=1
	while [ $rw_r -le "$ROUNDS" ]; do
		rw_line="  $1 round $rw_r:"
		for su in $SETUPS; do
			eval "PORTS=\$${3}_$su"
			load "$1-$su-$rw_r" read $READ_CONNS
			echo "$LOAD_RESULT" >>"$TMP/res.$1.$su"
			rw_line="$rw_line  $su $(rate_text "$LOAD_RESULT")"
		done
		echo "$rw_line"
		rw_r=$((rw_r + 1))
	done
}

echo "reads: wrk -t1 -c$READ_CONNS -d${DURATION}s (pg2: two wrk -c$((READ_CONNS / 2)) at once, one per process), $ROUNDS rounds, set-ups in turn; req/s"
read_workload search "$SEARCH_PATH" NC
read_workload unit "$UNIT_PATH" C
echo "writes: $WRITES answers per set-up, -c$WRITE_CONNS (pg2: two wrk -c$((WRITE_CONNS / 2)), $((WRITES / 2)) each); req/s"
for su in $SETUPS; do
	eval "PORTS=\$C_$su TOKENS=\$TOKENS_$su"
	load "write-$su" write $WRITE_CONNS
	echo "$LOAD_RESULT" >>"$TMP/res.write.$su"
	echo "  write $su: $(rate_text "$LOAD_RESULT")"
done
stop_servers

# ---- the audit chains after the write load ---------------------------------------
AUDIT_SQLITE=$(audit_count "$SQLITE_DB")
AUDIT_PG1=$(audit_count "$BASE/one")
AUDIT_PG2=$(audit_count "$BASE/two")
LOAD_AFTER=$(cut -d" " -f1-3 /proc/loadavg)
for a in "$AUDIT_SQLITE" "$AUDIT_PG1" "$AUDIT_PG2"; do
	case $a in '' | BROKEN) FAILED=1 ;; esac
done
[ ! -s "$ERRORS" ] || FAILED=1

# ---- summary ---------------------------------------------------------------------
# cell WORKLOAD SETUP -> "12345 (1.00)": the median req/s of the rounds and
# the median of the per-round ratios to sqlite1.
cell() {
	cut -d'|' -f1 "$TMP/res.$1.$2" >"$TMP/cell.a"
	cut -d'|' -f1 "$TMP/res.$1.sqlite1" >"$TMP/cell.b"
	paste -d' ' "$TMP/cell.a" "$TMP/cell.b" | awk '
		{ r[NR] = $1; q[NR] = ($2 > 0 ? $1 / $2 : 0) }
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { printf "%7.0f (%4.2f)", med(r, NR), med(q, NR) }'
}
audit_line() {
	if [ "$2" = BROKEN ] || [ -z "$2" ]; then
		printf '%-10s BROKEN or unreadable chain (ntm audit verify failed)\n' "$1"
	else
		printf '%-10s intact, %s entries (%s before the load: +%s)\n' "$1" "$2" "$3" "$(($2 - $3))"
	fi
}

cat <<EOF

==================== summary ====================
req/s (ratio to sqlite 1p)      sqlite 1p         pg 1p            pg 2p
search q=tan, --no-cache      $(cell search sqlite1)  $(cell search pg1)  $(cell search pg2)
unit page 00376, cached       $(cell unit sqlite1)  $(cell unit pg1)  $(cell unit pg2)
write POST /api/v1/tokens     $(cell write sqlite1)  $(cell write pg1)  $(cell write pg2)
  reads: median of $ROUNDS rounds of wrk -t1 -c$READ_CONNS -d${DURATION}s, and the median of the per-round ratios
  writes: $WRITES answers in all, -c$WRITE_CONNS, one run per set-up
  pg 2p: two processes, one wrk each with half the connections, at once; rates added
audit verify after the load:
$(audit_line sqlite "$AUDIT_SQLITE" "$AUDIT0_SQLITE")
$(audit_line "pg one" "$AUDIT_PG1" "$AUDIT0_PG1")
$(audit_line "pg two" "$AUDIT_PG2" "$AUDIT0_PG2")
load average before / after: $LOAD_BEFORE / $LOAD_AFTER; $(($(date +%s) - T_START)) s in all
EOF
if [ -s "$ERRORS" ]; then
	echo
	echo "!! errors during the load (non-2xx answers, socket errors or a capped write run):"
	cat "$ERRORS"
fi
echo "================================================="
exit "$FAILED"
