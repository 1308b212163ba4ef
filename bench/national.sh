#!/bin/sh
# bench/national.sh - the mixed national load (issue 21; docs/CAPACITY.md):
# what one `ntm serve` answers per core, workload by workload and mixed, on
# SQLite and on PostgreSQL, and a soak at 80 % of the measured capacity.
#
#   sh bench/national.sh            capacity: each workload alone, then the
#                                   mix, on each back-end (~6 min + demo)
#   sh bench/national.sh soak       the mix's capacity, then the soak
#                                   (NATIONAL_SOAK seconds, default 600)
#
# 0. A `ntm demo` database (NATIONAL_DEMO=FILE: a copy of that demo file
#    instead, it takes minutes to make); for PostgreSQL the same data copied
#    into a private cluster (scripts/pg-cluster.sh, `ntm copy`), which then
#    commits durably (fsync, synchronous_commit, full_page_writes on), like
#    ntm's SQLite (WAL, synchronous=FULL).
# 1. `ntm serve --quiet` (its default threads, four per core), then
#    bench/national_setup.js through the API: commune officer accounts,
#    a 500,000-household survey campaign and its codes, the listings that
#    sell (the plan file of bench/national_load.c).
# 2. build/bench/national_load (built here with cc) logs every officer in
#    and drives NATIONAL_CONNS (16) keep-alive connections, each workload
#    alone for NATIONAL_DURATION (10) s, then the mix (weights below) as
#    fast as the server answers.  Every request is valid: any answer other
#    than 2xx/3xx is an error and is reported.
#      public     anonymous pages and JSON: roll-ups, a unit, the market
#                 catalog and a listing, a survey form       (mix weight 40)
#      search     GET /api/v1/units?q=...                               15
#      dashboard  national, province and commune dashboards             10
#      indicator  PUT an indicator value of a commune (its officer)     10
#      report     November's monthly report: save, submit, the
#                 province's return (the 5 December deadline)          6
#      survey     POST a household's response with a one-time code      12
#      order      a marketplace checkout, then the buyer's cancellation 7
#    The figure per core is the requests divided by the CPU seconds the
#    server used (ntm, plus every PostgreSQL process of the cluster), read
#    from /proc before and after: on this shared 2-core machine it does not
#    depend on what else runs, where requests/s do.  Both are printed.
# 3. soak: the mix at 80 % of the mix's measured requests/s for
#    NATIONAL_SOAK s; the RSS of ntm (and of the PostgreSQL processes,
#    summed) every 10 s; p50/p99 per workload; 0 errors expected; the RSS
#    "flat" when the mean of the second half of the samples after warm-up
#    (the first minute) is within 5 % of the first half's.
# Env: NTM_BIN, NATIONAL_BACKENDS ("sqlite pg"), NATIONAL_DURATION (10),
#      NATIONAL_CONNS (16), NATIONAL_OFFICERS (48), NATIONAL_CODES (codes
#      issued; default enough for the run), NATIONAL_SOAK (600),
#      NATIONAL_SOAK_SHARE (80), NATIONAL_DEMO, BENCH_KEEP=1.
# Loopback only, every load bounded in time.  Needs node, cc, curl, psql
# and PostgreSQL 15 for "pg" (scripts/install-deps.sh).
# Exit status: 0 the run completed without an error answer; 1 some answers
# were errors (the figures are still printed); 2 it could not run.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
MODE=${1:-capacity}
BACKENDS=${NATIONAL_BACKENDS:-sqlite pg}
DURATION=${NATIONAL_DURATION:-10}
CONNS=${NATIONAL_CONNS:-16}
OFFICERS=${NATIONAL_OFFICERS:-48}
SOAK=${NATIONAL_SOAK:-600}
SHARE=${NATIONAL_SOAK_SHARE:-80}
WORKLOADS="public search dashboard indicator report survey order"
LOAD=$ROOT/build/bench/national_load
CLK_TCK=$(getconf CLK_TCK)

die() { echo "bench: $*" >&2; exit 2; }
case $MODE in capacity|soak) ;; *) die "usage: sh bench/national.sh [capacity|soak]" ;; esac
[ -x "$NTM" ] || die "$NTM not found: run 'make' first"
command -v node >/dev/null 2>&1 || die "node not installed"
command -v cc >/dev/null 2>&1 || die "cc not installed"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# Built every time (a second): never a stale load generator.
mkdir -p "$(dirname "$LOAD")"
cc -std=c17 -O2 -g -Wall -Wextra -Werror -o "$LOAD" "$ROOT/bench/national_load.c" ||
	die "bench/national_load.c did not build"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ntm-national.XXXXXX")
chmod 711 "$TMP"	# pg-cluster.sh's postgres user reaches its directory inside
NTM_PID=""
PG_STARTED=""
FAILED=0
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	stop_pid "$NTM_PID"
	[ -z "$PG_STARTED" ] || sh "$ROOT/scripts/pg-cluster.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
	if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

echo "national: load average before: $(load_avg)"
if [ -n "${NATIONAL_DEMO:-}" ]; then
	cp "$NATIONAL_DEMO" "$TMP/demo.db"
else
	T0=$(now_ns)
	"$NTM" demo --db "$TMP/demo.db" >"$TMP/demo.log" 2>&1 ||
		{ tail -20 "$TMP/demo.log" >&2; die "ntm demo failed"; }
	echo "national: ntm demo in $(elapsed_s "$T0" "$(now_ns)") s"
fi

# The PIDs whose CPU and memory count as the server's: ntm, and on
# PostgreSQL the postmaster and all its children.
server_pids() {
	echo "$NTM_PID"
	if [ "$1" = pg ]; then
		pm=$(head -1 "$PGD/data/postmaster.pid")
		echo "$pm"
		pgrep -P "$pm" || true
	fi
}
# CPU ticks (user + system) of those processes.
cpu_ticks() {
	for p in $(server_pids "$1"); do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ s += $1 } END { print s + 0 }'
}
# RSS in kB: "ntm_kb db_kb".
rss_kb() {
	n=$(awk '/^VmRSS/ { print $2 }' "/proc/$NTM_PID/status")
	d=0
	if [ "$1" = pg ]; then
		d=$(for p in $(server_pids pg | tail -n +2); do
			awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || true
		done | awk '{ s += $1 } END { print s + 0 }')
	fi
	echo "$n $d"
}

# run BACKEND LABEL SECONDS RATE MIX: one national_load run; appends
# "LABEL workload n err rps p50 p99 per_core" lines to $TMP/results.
run() {
	rb=$1 rl=$2 rs=$3 rr=$4 rm=$5
	c0=$(cpu_ticks "$rb")
	rc=0
	"$LOAD" "$TMP/plan" "$NTM_PORT" "$CONNS" "$rs" "$rr" "$rm" >"$TMP/$rb-$rl.out" 2>"$TMP/$rb-$rl.err" || rc=$?
	c1=$(cpu_ticks "$rb")
	spend_codes "$TMP/$rb-$rl.out"
	kill -0 "$NTM_PID" 2>/dev/null || { cat "$TMP/ntm.err" >&2; die "ntm serve died"; }
	if [ "$rc" -ne 0 ]; then
		FAILED=1
		echo "national: $rb $rl: errors (first ones):" >&2
		head -c 2000 "$TMP/$rb-$rl.err" >&2
	fi
	cpu=$(awk -v a="$c0" -v b="$c1" -v t="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / t }')
	awk -v b="$rb" -v l="$rl" -v cpu="$cpu" '
		function val(k,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } }
		$1 == "workload" && val("n") > 0 { w[val("name")] = val("n") " " val("err") " " val("rps") " " val("p50_us") " " val("p99_us") }
		$1 == "total" { n = val("n"); e = val("err"); r = val("rps") }
		END {
			pc = cpu > 0 ? n / cpu : 0
			for (k in w) print b, l, k, w[k], (l == k ? sprintf("%.0f", pc) : "-")
			print b, l, "total", n, e, r, "-", "-", sprintf("%.0f", pc), cpu
		}' "$TMP/$rb-$rl.out" >>"$TMP/results"
}

# Drop from the plan the survey codes a run used (each answers once).
spend_codes() {
	used=$(awk '$1 == "total" { for (i = 2; i <= NF; i++) if ($i ~ /^codes_used=/) { sub(/.*=/, "", $i); print $i } }' "$1")
	awk -v u="${used:-0}" '$1 != "code" || ++k > u' "$TMP/plan" >"$TMP/plan.new"
	mv "$TMP/plan.new" "$TMP/plan"
}

start_server() {
	: >"$TMP/ntm.err"
	"$NTM" serve --db "$1" --listen 127.0.0.1:0 --quiet >"$TMP/ntm.log" 2>"$TMP/ntm.err" &
	NTM_PID=$!
	NTM_PORT=$(ntm_port "$NTM_PID" "$TMP/ntm.err") || die "ntm serve did not start"
}

: >"$TMP/results"
for B in $BACKENDS; do
	PGD=$TMP/pg
	case $B in
	sqlite)
		DB=$TMP/sqlite.db
		cp "$TMP/demo.db" "$DB"
		;;
	pg)
		command -v psql >/dev/null 2>&1 || die "psql not installed"
		if [ -n "${NATIONAL_PG_DIR:-}" ]; then
			# A running scripts/pg-cluster.sh cluster whose database
			# NATIONAL_PG_DB holds the demo already (`ntm copy` of a
			# million indicator rows takes long on a busy machine).
			PGD=$NATIONAL_PG_DIR
			URL=$(cat "$PGD/url")
			DB=$URL/${NATIONAL_PG_DB:-national}
		else
			URL=$(sh "$ROOT/scripts/pg-cluster.sh" start "$PGD") || die "no PostgreSQL cluster"
			PG_STARTED=1
			psql -q "$URL/postgres" -c 'CREATE DATABASE national' >/dev/null || die "CREATE DATABASE failed"
			DB=$URL/national
			"$NTM" copy --from "$TMP/demo.db" --to "$DB" >"$TMP/copy.log" 2>&1 ||
				{ tail "$TMP/copy.log" >&2; die "ntm copy to PostgreSQL failed"; }
		fi
		psql -q "$URL/postgres" -c 'ALTER SYSTEM SET fsync = on' \
			-c 'ALTER SYSTEM SET synchronous_commit = on' \
			-c 'ALTER SYSTEM SET full_page_writes = on' \
			-c 'SELECT pg_reload_conf()' >/dev/null || die "could not turn fsync on"
		;;
	*) die "unknown back-end $B" ;;
	esac
	start_server "$DB"
	# Codes: one per survey response the run can make (the survey's share
	# of a fast run, generously), at most the campaign's households.
	if [ "$MODE" = soak ]; then CODES=${NATIONAL_CODES:-200000}; else CODES=${NATIONAL_CODES:-60000}; fi
	node "$ROOT/bench/national_setup.js" "http://127.0.0.1:$NTM_PORT" "$TMP/plan" "$OFFICERS" "$CODES" ||
		die "set-up failed"
	# Warm-up (caches, statements, connections), not counted.
	"$LOAD" "$TMP/plan" "$NTM_PORT" "$CONNS" 3 >"$TMP/warm.out" 2>&1 || true
	spend_codes "$TMP/warm.out"
	if [ "$MODE" = capacity ]; then
		for W in $WORKLOADS; do
			run "$B" "$W" "$DURATION" 0 "$W=1"
		done
	fi
	run "$B" mix "$DURATION" 0 "public=40,search=15,dashboard=10,indicator=10,report=6,survey=12,order=7"
	if [ "$MODE" = soak ]; then
		MIXRPS=$(awk -v b="$B" '$1 == b && $2 == "mix" && $3 == "total" { print $6 }' "$TMP/results")
		RATE=$(awk -v r="$MIXRPS" -v s="$SHARE" 'BEGIN { printf "%.0f", r * s / 100 }')
		echo "national: $B soak at $RATE req/s ($SHARE % of $MIXRPS) for $SOAK s"
		: >"$TMP/$B-rss"
		(
			t=0
			while kill -0 "$NTM_PID" 2>/dev/null; do
				echo "$t $(rss_kb "$B")" >>"$TMP/$B-rss"
				sleep 10
				t=$((t + 10))
			done
		) &
		RSS_PID=$!
		run "$B" soak "$SOAK" "$RATE" "public=40,search=15,dashboard=10,indicator=10,report=6,survey=12,order=7"
		kill "$RSS_PID" 2>/dev/null || true
		wait "$RSS_PID" 2>/dev/null || true
		echo "national: $B RSS (s, ntm kB, database kB) every 10 s:"
		tr '\n' ';' <"$TMP/$B-rss"
		echo
		# Single samples swing by +-10 % (each thread's arena, the
		# connections' buffers at that instant): the verdict compares the
		# means of the two halves of the samples after warm-up.
		awk -v b="$B" '{ v[NR] = $2; t[NR] = $1; if ($2 > m) m = $2 }
			END {
				w = 1; for (i = 1; i <= NR; i++) if (t[i] <= 60) w = i
				h = w + int((NR - w + 1) / 2)
				if (h == w) {
					printf "national: %s RSS ntm %d kB at the end, max %d kB: too short a soak to judge\n", b, v[NR], m
					exit
				}
				for (i = w; i < h; i++) a += v[i]
				for (i = h; i <= NR; i++) z += v[i]
				a /= (h - w); z /= (NR - h + 1)
				g = a > 0 ? (z - a) / a * 100 : 0
				printf "national: %s RSS ntm %d kB after warm-up (%d s), %d kB at the end, max %d kB; mean %d kB (%d-%d s), then %d kB (%d-%d s): %+.1f %%, %s\n",
					b, v[w], t[w], v[NR], m, a, t[w], t[h - 1], z, t[h], t[NR], g, (g < 5 ? "flat" : "GROWING")
			}' "$TMP/$B-rss"
	fi
	"$NTM" audit verify --db "$DB" >"$TMP/audit.out" 2>&1 ||
		{ FAILED=1; echo "national: $B: ntm audit verify FAILED" >&2; tail -3 "$TMP/audit.out" >&2; }
	stop_pid "$NTM_PID"
	NTM_PID=""
done

echo
echo "national: results (req/s measured on this shared machine; per core = requests / CPU s of the server and its database)"
printf '%-7s %-9s %-10s %8s %5s %9s %9s %9s %9s\n' backend run workload requests errors "req/s" "p50 ms" "p99 ms" "per core"
sort -k1,1 -k2,2 "$TMP/results" | awk '{ printf "%-7s %-9s %-10s %8s %5s %9s %9.1f %9.1f %9s\n", $1, $2, $3, $4, $5, $6, ($7 == "-" ? 0 : $7 / 1000), ($8 == "-" ? 0 : $8 / 1000), $9 }'
echo "national: load average after: $(load_avg)"
exit "$FAILED"
