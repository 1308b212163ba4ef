#!/bin/sh
# bench/pooling.sh - ntm behind pgbouncer (transaction pooling) against
# direct PostgreSQL connections, and the time of `ntm init` on PostgreSQL.
#
#   sh bench/pooling.sh            (after make; about 3 minutes)
#
# 1. init: `ntm init` on a fresh PostgreSQL database, BENCH_INIT_RUNS (3)
#    times, median wall time.  With NTM_OLD_BIN (e.g. a build of main before
#    the pipelined unit load) the old binary runs in turn with the new one,
#    and the ratio old/new is printed: the two share every swing of load.
# 2. reads: four `ntm serve --threads 2 --no-cache --quiet` on one database,
#    all up at once: "direct" (named prepared statements, the default),
#    "unnamed" (NTM_PG_STATEMENTS=unnamed: each SELECT run through its
#    plan-keeping function, src/db/db_pg_wrap.h), "pgbouncer" (the same
#    through scripts/pgbouncer.sh, pool_mode = transaction, 20 server
#    connections) and "pgb_plain" (through pgbouncer with NTM_PG_WRAP=off:
#    every statement planned on every run, as before the functions).
#    GET /api/v1/units/2025/00376 (a commune with its parents and children:
#    every request reads the database), wrk -t1 -c16 -dBENCH_DURATION (5)
#    s, BENCH_ROUNDS (3) rounds, the set-ups in turn in each round (the
#    order rotated every round); the median req/s and the median of the
#    per-round ratios to "direct".  Target: pgbouncer / direct >= 0.9.
# 3. where the time goes: when the server has the pg_stat_statements
#    module, the cluster loads it (track_planning on, nested statements
#    tracked), and after the rounds one more wrk run against "direct",
#    "unnamed" and "pgb_plain" (BENCH_DURATION s each) is followed by each
#    statement's planning and execution time per request (total / requests
#    served; a function's call includes its statement's).
# 4. CPU per request: one more wrk run per set-up, and the CPU time ntm,
#    PostgreSQL and pgbouncer spent in it, per request (all three share
#    this machine's cores, so the pooler's CPU is taken from the others').
# The PostgreSQL cluster (scripts/pg-cluster.sh: fsync off) and pgbouncer
# are private ones in the temporary directory, stopped and removed at the
# end.  Loopback only, every load bounded.  Prints the load average before
# and after: on this shared 2-core machine only the ratios are comparable
# between runs.  Exit status: 0 when the run completed with only 2xx
# answers, 2 when it could not run.
#
# Env: NTM_BIN (default build/ntm), NTM_OLD_BIN, BENCH_INIT_RUNS (3),
#      BENCH_DURATION (5), BENCH_ROUNDS (3), BENCH_CACHE=1 (see above), BENCH_KEEP=1 (keep the
#      temporary directory; the servers are stopped all the same).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
OLD=${NTM_OLD_BIN:-}
INIT_RUNS=${BENCH_INIT_RUNS:-3}
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_THREADS:-2}
LOAD_PATH=/api/v1/units/2025/00376
# BENCH_CACHE=1: the servers keep their response cache (the default in
# production): a request then reads only the version token in the database.
CACHE_ARG=--no-cache
[ "${BENCH_CACHE:-0}" != 1 ] || CACHE_ARG=
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$NTM" ] || die "$NTM missing: run make first"
[ -z "$OLD" ] || [ -x "$OLD" ] || die "NTM_OLD_BIN=$OLD is not executable"
command -v wrk >/dev/null 2>&1 || die "wrk not installed (apt-get install wrk)"
command -v psql >/dev/null 2>&1 || die "psql not installed (postgresql-client)"
[ -x "${PGBOUNCER:-/usr/sbin/pgbouncer}" ] || die "pgbouncer not installed (scripts/install-deps.sh)"

bench_tmp ntm-bench-pooling
chmod 711 "$TMP"	# the postgres user reaches the cluster and pooler dirs
SERVERS=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	for p in $SERVERS; do stop_pid "$p"; done
	sh "$ROOT/scripts/pgbouncer.sh" stop "$TMP/pgb" >/dev/null 2>&1 || true
	sh "$ROOT/scripts/pg-cluster.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
	bench_cleanup
}
trap cleanup EXIT

echo "load average before: $(load_avg)"
PG=$(sh scripts/pg-cluster.sh start "$TMP/pg") || die "PostgreSQL did not start"
# pg_stat_statements (section 3) when the server has it: loaded at start.
STATS=0
libdir=$(psql -X -At -d "$PG/postgres" -c "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'" 2>/dev/null || true)
if [ -n "$libdir" ] && [ -f "$libdir/pg_stat_statements.so" ]; then
	printf '%s\n' "shared_preload_libraries = 'pg_stat_statements'" \
	    "pg_stat_statements.track_planning = on" \
	    "pg_stat_statements.track = all" >>"$TMP/pg/data/postgresql.conf"
	{ sh scripts/pg-cluster.sh pause "$TMP/pg" && sh scripts/pg-cluster.sh resume "$TMP/pg"; } ||
	    die "PostgreSQL did not restart with pg_stat_statements"
	STATS=1
fi

# ---- 1. ntm init ---------------------------------------------------------------
n=0
init_once() {	# init_once BIN FILE: one init on a new database, its seconds appended to FILE
	n=$((n + 1))
	psql -X -q -d "$PG/postgres" -c "CREATE DATABASE init$n" || die "createdb failed"
	t0=$(now_ns)
	"$1" init --db "$PG/init$n" >/dev/null 2>"$TMP/init.err" ||
		{ cat "$TMP/init.err" >&2; die "ntm init failed ($1)"; }
	t1=$(now_ns)
	elapsed_s "$t0" "$t1" >>"$2"
	LAST_DB=init$n
}
: >"$TMP/init.new"; : >"$TMP/init.old"
i=0
while [ $i -lt "$INIT_RUNS" ]; do
	init_once "$NTM" "$TMP/init.new"
	[ $i -gt 0 ] || BENCH_DB=$LAST_DB
	[ -z "$OLD" ] || init_once "$OLD" "$TMP/init.old"
	i=$((i + 1))
done
INIT_NEW=$(median <"$TMP/init.new")
echo "ntm init on PostgreSQL: $(tr '\n' ' ' <"$TMP/init.new")s -> median $INIT_NEW s"
if [ -n "$OLD" ]; then
	INIT_OLD=$(median <"$TMP/init.old")
	echo "old ntm init ($OLD): $(tr '\n' ' ' <"$TMP/init.old")s -> median $INIT_OLD s; old/new $(ratio "$INIT_OLD" "$INIT_NEW")"
fi

# ---- 2. reads through pgbouncer --------------------------------------------------
PGB=$(sh scripts/pgbouncer.sh start "$TMP/pgb" "$PG") || die "pgbouncer did not start"
serve() {	# serve NAME MODE URL [WRAP]: sets PORT_<NAME>
	: >"$TMP/$1.err"
	NTM_PG_STATEMENTS=$2 NTM_PG_WRAP=${4:-on} "$NTM" serve --db "$3" --listen 127.0.0.1:0 \
	    --threads "$THREADS" $CACHE_ARG --quiet >/dev/null 2>"$TMP/$1.err" &
	SERVERS="$SERVERS $!"
	eval "PID_$1=$!"
	p=$(ntm_port $! "$TMP/$1.err") || die "ntm serve ($1) did not start"
	eval "PORT_$1=$p"
}
serve direct named "$PG/$BENCH_DB"
serve unnamed unnamed "$PG/$BENCH_DB"
serve pgbouncer unnamed "$PGB/$BENCH_DB"
serve pgb_plain unnamed "$PGB/$BENCH_DB" off
SETUPS="direct unnamed pgbouncer pgb_plain"
port=""
for s in $SETUPS; do
	eval "port=\$PORT_$s"
	wrk -t1 -c16 -d1s "http://127.0.0.1:$port$LOAD_PATH" >/dev/null 2>&1 || true
done
r=0
while [ $r -lt "$ROUNDS" ]; do
	order=$SETUPS	# rotated by one each round
	i=0
	while [ $i -lt $((r % 4)) ]; do
		order="${order#* } ${order%% *}"
		i=$((i + 1))
	done
	for s in $order; do
		eval "port=\$PORT_$s"
		out=$TMP/wrk.$s.$r
		wrk -t1 -c16 -d"${DURATION}s" --timeout 30s "http://127.0.0.1:$port$LOAD_PATH" >"$out" 2>&1 ||
			{ cat "$out" >&2; die "wrk failed ($s)"; }
		if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
			cat "$out" >&2
			die "$s: errors or non-2xx answers during the load"
		fi
		awk '/^Requests\/sec:/ { print $2 }' "$out" >"$TMP/rate.$s.$r"
	done
	for s in $SETUPS; do
		ratio "$(cat "$TMP/rate.$s.$r")" "$(cat "$TMP/rate.direct.$r")" >>"$TMP/ratio.$s"
		cat "$TMP/rate.$s.$r" >>"$TMP/rates.$s"
	done
	r=$((r + 1))
done
echo "reads: GET $LOAD_PATH, ${CACHE_ARG:-(cached)} --threads $THREADS, wrk -t1 -c16 -d${DURATION}s, $ROUNDS rounds; req/s"
printf '%-16s %12s %12s\n' set-up "req/s" "x direct"
for s in $SETUPS; do
	printf '%-16s %12s %12s\n' "$s" "$(median <"$TMP/rates.$s")" "$(median <"$TMP/ratio.$s")"
done

# ---- 3. planning against execution, per request ---------------------------------
# plan_per_request SETUP: one wrk run, then each statement's runs, plans and
# milliseconds a request (those run on at least half the requests), and
# the sum over every statement.
plan_per_request() {
	eval "port=\$PORT_$1"
	psql -X -q -d "$PG/$BENCH_DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
	reqs=$(wrk -t1 -c16 -d"${DURATION}s" "http://127.0.0.1:$port$LOAD_PATH" |
	    awk '/requests in/ { print $1 }')
	psql -X -q -d "$PG/$BENCH_DB" -P footer=off -v reqs="$reqs" <<'EOF'
SELECT round(calls::numeric / :reqs, 2) AS "runs/req",
    round(plans::numeric / :reqs, 2) AS "plans/req",
    round((total_plan_time / :reqs)::numeric, 3) AS "plan ms/req",
    round((total_exec_time / :reqs)::numeric, 3) AS "exec ms/req",
    left(regexp_replace(query, '\s+', ' ', 'g'), 60) AS statement
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND calls >= :reqs / 2
UNION ALL
SELECT NULL, NULL, round((sum(total_plan_time) / :reqs)::numeric, 3),
    round((sum(total_exec_time) / :reqs)::numeric, 3), '(all statements)'
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY 3 DESC NULLS LAST;
EOF
}
if [ "$STATS" = 1 ]; then
	psql -X -q -d "$PG/$BENCH_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" ||
	    die "CREATE EXTENSION pg_stat_statements failed"
	for s in direct unnamed pgb_plain; do
		echo
		echo "$s: per request (pg_stat_statements, wrk -c16 -d${DURATION}s)"
		plan_per_request "$s"
	done
fi

# ---- 4. CPU per request, by process -----------------------------------------------
# One more wrk run per set-up; the CPU time (user + system, /proc/PID/stat)
# that ntm, PostgreSQL (every child of the postmaster) and pgbouncer spent
# during it, in ms per request.  On one shared machine the pooler's CPU is
# taken from ntm's and PostgreSQL's: this shows how much.
ticks() {	# ticks PID...: their utime + stime, in clock ticks
	for t_pid in "$@"; do cat "/proc/$t_pid/stat" 2>/dev/null; done |
	    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
pg_pids() { pgrep -P "$(head -1 "$TMP/pg/data/postmaster.pid")" | tr '\n' ' '; }
HZ=$(getconf CLK_TCK)
PGB_PID=$(cat "$TMP/pgb/pgbouncer.pid" 2>/dev/null || echo "")
echo
echo "CPU per request (ms, wrk -c16 -d${DURATION}s; pgbouncer counted for the pooled set-ups)"
printf '%-16s %10s %10s %10s %10s\n' set-up ntm postgres pgbouncer total
for s in $SETUPS; do
	eval "port=\$PORT_$s; spid=\$PID_$s"
	pgbp=""
	case $s in pgbouncer|pgb_plain) pgbp=$PGB_PID ;; esac
	pgs=$(pg_pids)
	# shellcheck disable=SC2086  # the pid lists split on purpose
	{ n0=$(ticks "$spid"); p0=$(ticks $pgs); b0=$(ticks $pgbp); }
	reqs=$(wrk -t1 -c16 -d"${DURATION}s" "http://127.0.0.1:$port$LOAD_PATH" |
	    awk '/requests in/ { print $1 }')
	pgs=$(pg_pids)
	# shellcheck disable=SC2086
	{ n1=$(ticks "$spid"); p1=$(ticks $pgs); b1=$(ticks $pgbp); }
	awk -v s="$s" -v r="$reqs" -v hz="$HZ" -v n="$((n1 - n0))" -v p="$((p1 - p0))" \
	    -v b="$((b1 - b0))" 'BEGIN { f = 1000 / hz / r
		printf "%-16s %10.3f %10.3f %10.3f %10.3f\n", s, n * f, p * f, b * f, (n + p + b) * f }'
done

PR=$(median <"$TMP/ratio.pgbouncer")
echo
echo "summary"
echo "  pgbouncer without the functions (NTM_PG_WRAP=off) / direct reads: $(median <"$TMP/ratio.pgb_plain")"
echo "  pgbouncer / direct reads: $PR (target >= 0.9: $(verdict "$(awk -v r="$PR" 'BEGIN { print (r >= 0.9) }')"))"
echo "  ntm init on PostgreSQL: median $INIT_NEW s (target < 3 s: $(verdict "$(awk -v t="$INIT_NEW" 'BEGIN { print (t < 3) }')"))"
echo "load average after: $(load_avg)"
