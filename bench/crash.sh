#!/bin/sh
# bench/crash.sh - crash durability of `ntm serve` on SQLite and PostgreSQL
# (issue 21): N trials (default 1000) of kill -9 at a random moment under
# mixed writes, then restart; 0 acknowledged writes may be lost.
#
#   sh bench/crash.sh [TRIALS]            (after make; both back-ends)
#   BENCH_BACKENDS=sqlite sh bench/crash.sh 50
#
# For each back-end, on a fresh `ntm demo` database (bench/crash.js, with
# tests/e2e/lib/crash.js, which the e2e test tests/e2e/api/crash.test.js
# runs 20 times): four writers at once, each one request at a time - an
# indicator value (PUT), a survey response with a fresh code, a dossier
# returned and resubmitted, a marketplace checkout - and after a random
# 0..BENCH_KILL_MS (600) ms, SIGKILL of the server.  Then `ntm audit verify`
# on the database, the server started again on it (the database opens), and
# every write it had answered 2xx read back through the API (the value, the
# code refused as spent plus the campaign's count, the dossier's row version
# and state, the order by its token); at the end every order of the run
# again.  A request in flight at the kill may or may not have committed:
# either is accepted (nothing was promised).
#
# PostgreSQL: a private cluster (scripts/pg-cluster.sh) in the temporary
# directory, with fsync, synchronous_commit and full_page_writes turned on
# (ALTER SYSTEM) so that it commits as in production; stopped and removed at
# the end.  Only ntm serve is killed, never PostgreSQL (bench/failover.sh
# kills the database).
#
# Parallel: BENCH_CRASH_JOBS (default 2) workers, each with its own `ntm
# demo` database and its own server, share the trials (bench/crash.js);
# within a worker the trials stay sequential on its database.  Nothing is
# shared between the databases, so the proof per trial is unchanged: one
# kill -9 at a random moment under the four writers, audit, reopen, read
# back.  On 2 cores, 2 workers do a trial in ~0.8 of the wall time of one;
# 3 are no faster and starve each other's load (bench/RESULTS.md).
#
# Time (wall time a trial, 2 workers, 2 cores): SQLite 0.9 s at load
# average 4-5, 1.5 s at 5-9 (1,000 trials in 25 minutes); PostgreSQL
# 1.15 s at load 3-5 with the pipelined prepares (bench/RESULTS.md,
# 2026-12-05 12:11 and 14:21).  The load
# average is printed before and after, and at the end where a trial's
# time goes, phase by phase (PHASE lines: warmup = until every writer's
# first answer, load = the random wait before the kill, drain, audit =
# `ntm audit verify`, serve = restart until listening, verify = the
# read-back).  Run it with nice -n 10 when others share the machine.
# Exit status 0: every trial ran and nothing was lost; 1: a write lost,
# an audit failure, a database that did not open; 2: could not run.
#
# Env: NTM_BIN (default build/ntm), BENCH_BACKENDS ("sqlite pg"),
#      BENCH_KILL_MS (600), BENCH_KEEP=1 (keep the temporary directory),
#      BENCH_CRASH_JOBS (2; 1 = one database, trials one after another),
#      BENCH_CRASH_SECONDS (a time budget per back-end: no trial starts after
#      it; the trials done are reported, verdict MISSED when fewer than N).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
. "$ROOT/bench/lib.sh"
die() { echo "crash: $*" >&2; exit 2; }

TRIALS=${1:-1000}
NTM=${NTM_BIN:-$ROOT/build/ntm}
BACKENDS=${BENCH_BACKENDS:-sqlite pg}
KILL_MS=${BENCH_KILL_MS:-600}
BENCH_CRASH_JOBS=${BENCH_CRASH_JOBS:-2}
export BENCH_CRASH_JOBS
[ -x "$NTM" ] || die "$NTM not found: run make first"
command -v node >/dev/null 2>&1 || die "node not installed"
[ -d "$ROOT/tests/e2e/node_modules" ] || die "run make tests/e2e/node_modules/.ok first"

bench_tmp ntm-crash
PG_DIR=""
# shellcheck disable=SC2317  # called by the trap
crash_cleanup() {
	[ -z "$PG_DIR" ] || sh "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
	bench_cleanup
}
trap crash_cleanup EXIT
# The cluster's owner (postgres) must reach its directory under $TMP.
chmod 711 "$TMP"

echo "crash: $TRIALS trials per back-end ($BACKENDS), $BENCH_CRASH_JOBS workers, kill within ${KILL_MS} ms; load average $(load_avg)"
status=0
: >"$TMP/results"
for b in $BACKENDS; do
	case $b in
	sqlite)
		env -u NTM_TEST_PG NTM_BIN="$NTM" TMPDIR="$TMP" \
		    node bench/crash.js "$TRIALS" "$KILL_MS" | tee "$TMP/sqlite.out" || status=1
		;;
	pg)
		PG_DIR=$TMP/pg
		base=$(sh scripts/pg-cluster.sh start "$PG_DIR") || die "could not start PostgreSQL"
		psql -q "$base/postgres" -c 'ALTER SYSTEM SET fsync = on' \
		    -c 'ALTER SYSTEM SET synchronous_commit = on' \
		    -c 'ALTER SYSTEM SET full_page_writes = on' \
		    -c 'SELECT pg_reload_conf()' >/dev/null || die "could not turn fsync on"
		echo "crash: PostgreSQL fsync=$(psql -Atq "$base/postgres" -c 'SHOW fsync'), synchronous_commit=$(psql -Atq "$base/postgres" -c 'SHOW synchronous_commit')"
		NTM_TEST_PG=$base NTM_TEST_PG_DIR=$PG_DIR NTM_BIN="$NTM" TMPDIR="$TMP" \
		    node bench/crash.js "$TRIALS" "$KILL_MS" | tee "$TMP/pg.out" || status=1
		;;
	*) die "unknown back-end '$b' (sqlite or pg)" ;;
	esac
done
echo
echo "crash: summary (load average $(load_avg))"
printf '%-10s %7s %8s %9s %6s %14s %12s %8s\n' backend trials seconds acked lost audit_failures open_failures verdict
for b in $BACKENDS; do
	line=$(grep '^RESULT ' "$TMP/$( [ "$b" = pg ] && echo pg || echo sqlite).out" 2>/dev/null | tail -1)
	[ -n "$line" ] || { printf '%-10s (no result)\n' "$b"; status=1; continue; }
	get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	ok=0
	[ "$(get lost)" = 0 ] && [ "$(get audit_failures)" = 0 ] && [ "$(get open_failures)" = 0 ] &&
	    [ "$(get trials)" = "$TRIALS" ] && ok=1
	printf '%-10s %7s %8s %9s %6s %14s %12s %8s\n' "$b" "$(get trials)" "$(get seconds)" \
	    "$(get acked)" "$(get lost)" "$(get audit_failures)" "$(get open_failures)" "$(verdict $ok)"
	[ $ok = 1 ] || status=1
done
echo
echo "crash: where a trial's time goes (ms; share of the trials' summed time)"
printf '%-10s %-18s %7s %7s %7s %6s\n' backend phase p50 p90 mean share
for b in $BACKENDS; do
	grep '^PHASE ' "$TMP/$( [ "$b" = pg ] && echo pg || echo sqlite).out" 2>/dev/null |
	while read -r _ line; do
		get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
		printf '%-10s %-18s %7s %7s %7s %6s\n' "$b" "$(get phase)" "$(get p50_ms)" \
		    "$(get p90_ms)" "$(get mean_ms)" "$(get share)"
	done
done
exit $status
