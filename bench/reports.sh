#!/bin/sh
# bench/reports.sh - planning and progress reporting (issue 15): a year of
# monthly progress reports for every 2025 commune, the national annual
# aggregate cold and maintained, the completeness page against nginx, and
# a province's 100-commune XLSX upload stored.
#
#   make bench-reports     (or: sh bench/reports.sh, after make and
#                           make build/bench/reports_load)
#
# 0. `ntm init` into a fresh SQLite file; build/bench/reports_load fill:
#    the monthly progress form (forms/ntm-tien-do-thang.json) for every
#    commune-level 2025 unit (3,321) for BENCH_MONTHS (12) months of 2026:
#    the rows rep_report_put writes (report, values, history; no audit
#    entry per report), one transaction a month, then the maintained
#    aggregates rebuilt by the store's rep_aggregates_rebuild; then a check
#    through the writer that the rows are its own (the same values again
#    change nothing; a change and its undoing leave the nation's aggregate
#    as the rebuild made it).
# 1. The national annual aggregate:
#    COLD        from the reports themselves, not the maintained
#                aggregates: rep_cold_national reads every report of the
#                year (one query, one row a report: its packed figures,
#                migration 0016), sums each month with rep_acc_add and
#                combines the months by the engine's rep_over_time
#                (reports_load cold: the first run and the median of 5);
#                for scale, the month BENCH_PERIOD alone.  Target < 100 ms.
#    MAINTAINED  the nation's maintained aggregate of BENCH_PERIOD (the
#                form's figures are cumulative since January, so the year
#                so far is its latest month): rep_aggregate_get in-process
#                (median of BENCH_READS, 1000) and GET
#                /api/v1/reports/{form}/2025/VN/{period}/aggregate over HTTP
#                (`ntm serve --threads 1`, one keep-alive curl, median of
#                BENCH_HTTP_READS time_total, 200).  Target < 1 ms.
# 2. The completeness page, GET /api/v1/reports/{form}/completeness?unit=
#    BENCH_COMPLETENESS_UNIT (2025:VN)&period=BENCH_PERIOD, as a ratio to
#    nginx serving a file of the same bytes (bench/lib.sh's nginx, sendfile
#    off and on, the faster of the two per round, as bench/http.sh does;
#    wrk -t1 -c32, BENCH_ROUNDS (3) rounds of BENCH_DURATION (3) s).
#    Target >= 0.5.  "skipped: no completeness endpoint" when the route
#    answers 404.
# 3. An XLSX upload of BENCH_PROVINCE's (01, Hà Nội) first 100 communes
#    for BENCH_PERIOD with new values: reports_load xlsx writes the
#    workbook with rep_xlsx_write, then times rep_xlsx_read and
#    rep_report_put of every report read, in one transaction (everything
#    stored or nothing).  Target < 2 s.
#
# SQLite by default; BENCH_BACKEND=pg runs the same on PostgreSQL: a
# private cluster (scripts/pg-cluster.sh, as bench/backends.sh) in the
# temporary directory, one database, stopped at the end (its fill takes
# ~4 minutes a month: use BENCH_MONTHS=1).  Loopback only, every load
# bounded; on SQLite about two minutes, most of it the fill, and ~600 MB in
# the temporary directory.  Builds nothing.
# Needs wrk, nginx and curl.  Exit status: 0 when the run completed,
# whatever the figures (BENCH_STRICT=1: 1 when a target is missed); 1 when
# the filled rows are not the writer's; 2 when it could not run.
#
# Env: NTM_BIN (build/ntm), REPORTS_LOAD_BIN (build/bench/reports_load),
#      NGINX_BIN (nginx), BENCH_MONTHS (12), BENCH_PERIOD (2026-10),
#      BENCH_READS (1000), BENCH_HTTP_READS (200), BENCH_COLD_RUNS (5),
#      BENCH_PROVINCE (01), BENCH_COMPLETENESS_UNIT (2025:VN),
#      BENCH_ROUNDS (3), BENCH_DURATION (3), BENCH_BACKEND (sqlite|pg),
#      BENCH_KEEP=1;
#      BENCH_COMPLETENESS_PATH (another path for step 2: to try its
#      machinery on a route that exists).
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
LOAD=${REPORTS_LOAD_BIN:-$ROOT/build/bench/reports_load}
NGINX=${NGINX_BIN:-nginx}
FORM=ntm-tien-do-thang
YEAR=2026
MONTHS=${BENCH_MONTHS:-12}
PERIOD=${BENCH_PERIOD:-2026-10}
READS=${BENCH_READS:-1000}
HTTP_READS=${BENCH_HTTP_READS:-200}
COLD_RUNS=${BENCH_COLD_RUNS:-5}
PROVINCE=${BENCH_PROVINCE:-01}
COMPLETENESS_UNIT=${BENCH_COMPLETENESS_UNIT:-2025:VN}
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-3}
PASSWORD=bench-reports-2026
BACKEND=${BENCH_BACKEND:-sqlite}

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
[ -x "$LOAD" ] || die "$LOAD not found: run 'make build/bench/reports_load' first"
find_tools
bench_tmp ntm-bench-reports
PG_STARTED=""
if [ "$BACKEND" = pg ]; then
	command -v psql >/dev/null 2>&1 || die "psql not installed (sh scripts/install-deps.sh)"
	# pg-cluster.sh runs PostgreSQL as the postgres user when root: it
	# must reach the cluster's directory inside this one.
	chmod 711 "$TMP"
	# shellcheck disable=SC2317  # called by the trap
	pg_cleanup() {
		stop_ntm
		[ -z "$PG_STARTED" ] || sh "$ROOT/scripts/pg-cluster.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
		bench_cleanup
	}
	trap pg_cleanup EXIT
	PG_STARTED=1
	PG_BASE=$(sh "$ROOT/scripts/pg-cluster.sh" start "$TMP/pg") || die "could not start PostgreSQL"
	psql -q "$PG_BASE/postgres" -c 'CREATE DATABASE reports' >/dev/null || die "CREATE DATABASE failed"
elif [ "$BACKEND" != sqlite ]; then
	die "BENCH_BACKEND is sqlite or pg, not $BACKEND"
fi

echo "== ntm reports bench: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1), $BACKEND"
LOAD_BEFORE=$(load_avg)
echo "load average before: $LOAD_BEFORE (other work on these $(nproc) cores skews every figure)"

# field FILE NAME: a value of the "bench-reports-* k=v ..." line in $TMP/FILE
field() { grep '^bench-reports' "$TMP/$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
# load_run OUT ARGS...: reports_load ARGS into $TMP/OUT; dies on failure
load_run() {
	lr_out=$1
	shift
	"$LOAD" "$@" >"$TMP/$lr_out" 2>"$TMP/$lr_out.err" ||
		{ cat "$TMP/$lr_out" "$TMP/$lr_out.err" >&2; die "reports_load $2 failed"; }
}

# ---- 0. the year of reports --------------------------------------------------------
if [ "$BACKEND" = pg ]; then DB=$PG_BASE/reports; else DB=$TMP/reports.db; fi
# sql QUERY: one figure from the database, by its own client
sql() {
	if [ "$BACKEND" = pg ]; then psql -Atq "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
"$NTM" init --db "$DB" >"$TMP/init.out" 2>&1 || { cat "$TMP/init.out" >&2; die "ntm init failed"; }
load_run setup.out "$DB" setup "$PASSWORD"
echo "fill: $FORM, every 2025 commune, $MONTHS months of $YEAR (raw rows as the writer's, then rep_aggregates_rebuild)"
if ! "$LOAD" "$DB" fill "$FORM" "$YEAR" "$MONTHS" >"$TMP/fill.out" 2>"$TMP/fill.err"; then
	cat "$TMP/fill.out" "$TMP/fill.err" >&2
	grep -q 'same_as_writer=NO' "$TMP/fill.out" && { echo "bench: the filled rows are not the writer's" >&2; exit 1; }
	die "reports_load fill failed"
fi
UNITS=$(field fill.out units)
REPORTS=$(field fill.out reports)
VALUES=$(field fill.out values)
printf '  %s communes, %s reports, %s values (and as many history rows): raw rows %s s, aggregates rebuilt %s s; the writer agrees: %s\n' \
	"$UNITS" "$REPORTS" "$VALUES" "$(field fill.out raw_s)" "$(field fill.out rebuild_s)" "$(field fill.out same_as_writer)"
AGG_ROWS=$(sql "SELECT COUNT(*) FROM rep_aggregate" 2>/dev/null || echo "?")
if [ "$BACKEND" = pg ]; then
	DB_MB=$(psql -Atq "$DB" -c "SELECT pg_database_size('reports') / 1048576")
else
	DB_MB=$(du -m "$DB" | cut -f1)
fi
echo "  rep_aggregate: $AGG_ROWS rows; database $DB_MB MB"

# ---- 1. the national annual aggregate ------------------------------------------------
PMONTH=$(echo "$PERIOD" | sed 's/^[0-9]*-0*//')
load_run cold.out "$DB" cold "$FORM" "$YEAR" "$COLD_RUNS" "$PMONTH" "$MONTHS"
COLD_MS=$(field cold.out median_ms)
printf '  cold, the year %s from its %s reports (packed figures): %s ms median of %s (first %s ms); the month %s alone (%s reports): %s ms\n' \
	"$YEAR" "$(field cold.out rows)" "$COLD_MS" "$COLD_RUNS" "$(field cold.out first_ms)" \
	"$PERIOD" "$(field cold.out month_rows)" "$(field cold.out month_median_ms)"
echo "    capital disbursed, the nation: the year cold $(field cold.out year_disbursed), maintained (month $MONTHS) $(field cold.out last_maintained_disbursed); $PERIOD cold $(field cold.out month_disbursed), maintained $(field cold.out month_maintained_disbursed)"
[ "$(field cold.out year_disbursed)" = "$(field cold.out last_maintained_disbursed)" ] &&
	[ "$(field cold.out month_disbursed)" = "$(field cold.out month_maintained_disbursed)" ] ||
	echo "bench: the cold and the maintained aggregates differ" >&2
load_run maint.out "$DB" maintained "$FORM" "$PERIOD" "$READS"
MAINT_MS=$(field maint.out median_ms)
printf '  maintained, rep_aggregate_get(2025:VN, %s): %s ms median of %s (mean %s ms; %s reports counted)\n' \
	"$PERIOD" "$MAINT_MS" "$READS" "$(field maint.out mean_ms)" "$(field maint.out reports)"

start_ntm "$DB" "$TMP/serve.log" --quiet
BASE="http://127.0.0.1:$NTM_PORT"
curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"bench\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session" >/dev/null ||
	die "login as bench failed"
SESSION=$(awk '$6 == "ntm_session" { print $7 }' "$TMP/jar")
[ -n "$SESSION" ] || die "no session cookie"
AGG_URL="$BASE/api/v1/reports/$FORM/2025/VN/$PERIOD/aggregate"
code=$(curl -s -b "$TMP/jar" -o "$TMP/agg.json" -w '%{http_code}' "$AGG_URL") || code=000
[ "$code" = 200 ] || { head -c 300 "$TMP/agg.json" >&2; die "GET $AGG_URL answered $code"; }
: >"$TMP/agg.curl"
i=0
while [ $i -lt "$HTTP_READS" ]; do
	printf 'url = "%s"\noutput = "/dev/null"\n' "$AGG_URL" >>"$TMP/agg.curl"
	i=$((i + 1))
done
curl -s -b "$TMP/jar" -K "$TMP/agg.curl" -w '%{http_code} %{time_total}\n' >"$TMP/agg-times.txt"
grep -qv '^200 ' "$TMP/agg-times.txt" && die "GET aggregate: not every answer was 200"
HTTP_MS=$(awk '{ print $2 * 1000 }' "$TMP/agg-times.txt" | median)
printf '  maintained, GET %s over HTTP: %.3f ms median of %s (curl time_total, keep-alive; %s bytes)\n' \
	"/api/v1/reports/$FORM/2025/VN/$PERIOD/aggregate" "$HTTP_MS" "$HTTP_READS" "$(wc -c <"$TMP/agg.json")"

# ---- 2. the completeness page against nginx -------------------------------------------
UNIT_Q=$(printf '%s' "$COMPLETENESS_UNIT" | sed 's/:/%3A/g')
C_PATH=${BENCH_COMPLETENESS_PATH:-"/api/v1/reports/$FORM/completeness?unit=$UNIT_Q&period=$PERIOD"}
mkdir -p "$TMP/www"
code=$(curl -s -b "$TMP/jar" -o "$TMP/www/completeness.json" -w '%{http_code}' "$BASE$C_PATH") || code=000
COMPLETENESS="skipped"
if [ "$code" = 404 ]; then
	echo "  completeness: skipped: no completeness endpoint (GET $C_PATH answered 404)"
	COMPLETENESS="skipped: no completeness endpoint"
elif [ "$code" != 200 ]; then
	echo "  completeness: skipped: GET $C_PATH answered $code: $(head -c 200 "$TMP/www/completeness.json")"
	COMPLETENESS="skipped: answered $code"
else
	start_nginx completeness.json off
	NGX_OFF=$NGX_PORT
	start_nginx completeness.json on
	NGX_ON=$NGX_PORT
	SIZE=$(wc -c <"$TMP/www/completeness.json")
	echo "  completeness: GET $C_PATH, $SIZE bytes; wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, nginx the faster of sendfile off/on"
	: >"$TMP/c.ratio"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		x_ntm=$(wrk_rps "$BASE$C_PATH" "ntm completeness" -H "Cookie: ntm_session=$SESSION")
		x_off=$(wrk_rps "http://127.0.0.1:$NGX_OFF/completeness.json" "nginx (sendfile off)")
		x_on=$(wrk_rps "http://127.0.0.1:$NGX_ON/completeness.json" "nginx (sendfile on)")
		best=$(awk -v a="$x_off" -v b="$x_on" 'BEGIN { print (a > b ? a : b) }')
		ratio "$x_ntm" "$best" >>"$TMP/c.ratio"
		printf '    round %d: ntm %7.0f req/s   nginx %7.0f (off) %7.0f (on)   ratio %s\n' \
			"$r" "$x_ntm" "$x_off" "$x_on" "$(tail -1 "$TMP/c.ratio")"
		r=$((r + 1))
	done
	stop_nginx
	C_RATIO=$(median <"$TMP/c.ratio")
	COMPLETENESS="ratio $C_RATIO (median of $ROUNDS), target >= 0.5: $(verdict "$(awk -v r="$C_RATIO" 'BEGIN { print (r >= 0.5) }')")"
fi
stop_ntm

# ---- 3. a province's 100-commune XLSX upload -----------------------------------------
load_run xlsx.out "$DB" xlsx "$FORM" "$PROVINCE" "$PERIOD" 100
XLSX_MS=$(field xlsx.out stored_ms)
printf '  XLSX: %s communes of 2025:%s for %s, %s bytes: written in %s ms (rep_xlsx_write); upload read in %s ms, read and stored in %s ms (%s reports changed)\n' \
	"$(field xlsx.out units)" "$PROVINCE" "$PERIOD" "$(field xlsx.out bytes)" "$(field xlsx.out write_ms)" \
	"$(field xlsx.out read_ms)" "$XLSX_MS" "$(field xlsx.out reports_changed)"

# ---- summary ---------------------------------------------------------------------------
v_cold=$(verdict "$(awk -v a="$COLD_MS" 'BEGIN { print (a < 100) }')")
v_maint=$(verdict "$(awk -v a="$MAINT_MS" -v b="$HTTP_MS" 'BEGIN { print (a < 1 && b < 1) }')")
v_xlsx=$(verdict "$(awk -v a="$XLSX_MS" 'BEGIN { print (a < 2000) }')")
cat <<EOF

==================== reports summary ($BACKEND) ====================
fill                            $UNITS communes x $MONTHS months = $REPORTS reports, $VALUES values; raw $(field fill.out raw_s) s + rebuild $(field fill.out rebuild_s) s; rows as the writer's: $(field fill.out same_as_writer)
national annual aggregate COLD  $COLD_MS ms (year from its reports; the month alone $(field cold.out month_median_ms) ms)   target < 100 ms: $v_cold
national aggregate MAINTAINED   $MAINT_MS ms in-process, $HTTP_MS ms over HTTP   target < 1 ms: $v_maint
completeness page vs nginx      $COMPLETENESS
XLSX upload, 100 communes       $XLSX_MS ms read and stored (workbook written in $(field xlsx.out write_ms) ms)   target < 2 s: $v_xlsx
database                        $DB_MB MB, $AGG_ROWS aggregate rows
load average                    $LOAD_BEFORE before, $(load_avg) after
=========================================================
EOF

case "$v_cold$v_maint$v_xlsx$COMPLETENESS" in
*MISSED*) [ -z "${BENCH_STRICT:-}" ] || exit 1 ;;
esac
exit 0
