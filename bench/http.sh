#!/bin/sh
# bench/http.sh - how fast is ntm, measured against nginx on this machine.
#
#   make bench            (or: sh bench/http.sh, after make)
#
# 1. `ntm init` time: 3 runs on fresh files, median.
# 2. Throughput: `ntm serve --threads 1 --quiet` against nginx (1 worker)
#    serving files of exactly the same bytes, for three answers ntm gives
#    from memory:
#    json   GET /api/v1/units/2025/01 from the response cache (Ha Noi and
#           its 126 communes, 30 KB), target ratio ntm/nginx >= 1.0;
#    page   GET /units/2025/01/rollup/ntm-xa-2026-2030/2026, a cached page
#           (HTML) for an anonymous visitor, target >= 1.0;
#    static GET /static/style.css (compiled in), as browsers ask for it
#           (Accept-Encoding: gzip): ntm sends its gzip form, made once,
#           and nginx the same bytes from a file; target >= 1.2.  For
#           reference, one round of it asked without gzip (21 KB).
#    Two nginx run, in their fastest configuration (lib.sh) but for
#    sendfile: off in one, on (with tcp_nopush) in the other, as which is
#    faster depends on the file.  wrk -t1 -c32 -d3s, 5 rounds; in a round
#    each answer is measured on ntm and on both nginx in turn (the order
#    reversed every other round).  Each run records the requests served
#    and the server's CPU time (every thread, /proc/PID/task/*/schedstat);
#    the ratio judged is nginx's CPU per request over ntm's (the nginx
#    that spent less in the round), the median of the rounds'.  req/s
#    ratios are printed too, but on two cores wrk -t1 saturates its own
#    core before any of these servers does (its share is printed: ~0.99),
#    so every server's req/s is the client's.  For reference, one round of
#    each from bench/mhd_bare.c (libmicrohttpd alone with the same bytes
#    and headers: the floor of the HTTP layer), and one of the JSON with
#    the cache off (the cost of a miss).
# 3. ntm's memory after that load: VmRSS and VmHWM.  Target: < 64 MB.
# 4. Server-side search time: 2000 sequential keep-alive requests per query
#    of GET /api/v1/units?q=..., with ntm's access log on (one JSON line per
#    request, "us" = microseconds spent in the server); median and p99.
#    Target: p99 well under 1000 us.  The same for the unit page of step 2,
#    for scale.  This server runs with --no-cache, so every request does the
#    work; step 2 runs as production does, with the per-process response
#    cache (validated by the units_version token on every request).
#
# Loopback only, every load bounded in time or count; about three and a
# half minutes.
# Builds nothing: expects build/ntm (make).  Needs wrk, nginx and curl
# (scripts/install-deps.sh).  Exit status: 0 when the run completed, whatever
# the figures; with BENCH_STRICT=1, 1 when a target is missed.
#
# Env: NTM_BIN (default build/ntm), NGINX_BIN (default nginx),
#      BENCH_DURATION (wrk seconds per round, default 3),
#      BENCH_ROUNDS (default 5), BENCH_SEARCH_N (default 2000),
#      NGINX_EXTRA (directives added to nginx's http block), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
SEARCH_N=${BENCH_SEARCH_N:-2000}
QUERIES="da nang|ha noi|xa an|phuong 1|tan"

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
find_tools
bench_tmp ntm-bench

echo "== ntm bench: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
LOAD_BEFORE=$(load_avg)
echo "load average before: $LOAD_BEFORE (other work on these $(nproc) cores skews every figure)"

# ---- 1. ntm init ------------------------------------------------------------
: >"$TMP/init.txt"
for i in 1 2 3; do
	t0=$(now_ns)
	"$NTM" init --db "$TMP/init$i.db" >/dev/null 2>"$TMP/init.err" ||
		{ cat "$TMP/init.err" >&2; die "ntm init failed"; }
	t1=$(now_ns)
	elapsed_s "$t0" "$t1" >>"$TMP/init.txt"
done
INIT_S=$(median <"$TMP/init.txt")
INIT_ALL=$(tr '\n' ' ' <"$TMP/init.txt")
echo "ntm init: ${INIT_S} s median (runs: ${INIT_ALL% })"
DB=$TMP/init1.db
rm -f "$TMP/init2.db" "$TMP/init3.db"

# ---- 2. throughput: ntm vs nginx static --------------------------------------
# Three answers ntm serves from memory, each against nginx serving the same
# bytes from a file: a cached JSON view, a cached page (HTML, the layout
# rendered around the cached body for an anonymous visitor), a static file.
start_ntm "$DB" /dev/null --quiet
mkdir -p "$TMP/www"
NAMES="json page static"
PATH_json=/api/v1/units/2025/01
FILE_json=units.json
WHAT_json="cached JSON, $PATH_json"
TARGET_json=1.0
PATH_page=/units/2025/01/rollup/ntm-xa-2026-2030/2026
FILE_page=page.html
WHAT_page="cached page (HTML), $PATH_page"
TARGET_page=1.0
PATH_static=/static/style.css
FILE_static=style.css
WHAT_static="static file, $PATH_static (gzip)"
TARGET_static=1.2
# The request header of an answer, if any: the same to ntm and to nginx
# (nginx sends the bytes of its file whatever it says).
HDR_static="Accept-Encoding: gzip"
for t in $NAMES; do
	eval "p=\$PATH_$t f=\$FILE_$t"
	# Twice: the first request fills the cache.  The headers are kept
	# for the bare libmicrohttpd reference below.
	eval "h=\${HDR_$t:-Accept: */*}"
	curl -sf -H "$h" -o "$TMP/www/$f" "http://127.0.0.1:$NTM_PORT$p" &&
		curl -sf -H "$h" -D "$TMP/$t.headers" -o "$TMP/www/$f" \
		"http://127.0.0.1:$NTM_PORT$p" || die "GET $p failed"
	[ "$(wc -c <"$TMP/www/$f")" -gt 1000 ] ||
		die "unexpectedly small body of $p ($(wc -c <"$TMP/www/$f") bytes)"
done
BODY_BYTES=$(wc -c <"$TMP/www/units.json")

# Two nginx, sendfile off and on (lib.sh): which is the faster depends on
# the size of the file (and on the moment), so in every round each answer
# is measured on both, and the faster of the two is the bar.
start_nginx units.json off
NGX_OFF=$NGX_PORT
NGX_OFF_W=$(nginx_worker "$NGX_PID")
start_nginx units.json on
NGX_ON=$NGX_PORT
NGX_ON_W=$(nginx_worker "$NGX_PID")
[ -n "$NGX_OFF_W" ] && [ -n "$NGX_ON_W" ] || die "nginx's worker processes not found"
for t in $NAMES; do
	eval "p=\$PATH_$t f=\$FILE_$t"
	a=$(wc -c <"$TMP/www/$f")
	for port in $NGX_OFF $NGX_ON; do
		b=$(curl -sf "http://127.0.0.1:$port/$f" | wc -c)
		[ "$a" -eq "$b" ] || die "nginx body of $f: $b bytes, ntm $a"
	done
done

echo "throughput: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds; in each, every answer on ntm and on both nginx in turn"
echo "  (the order reversed every other round); the bar is the faster nginx of the round"
echo "  nginx: 1 worker, access_log off, open_file_cache, keepalive_requests 1000000${NGINX_EXTRA:+, $NGINX_EXTRA};"
echo "  one with sendfile off, one with sendfile on + tcp_nopush"
# Warm-up (the thread's database connection, page cache), not counted.
for t in $NAMES; do
	eval "p=\$PATH_$t f=\$FILE_$t h=\${HDR_$t:-}"
	if [ -n "$h" ]; then set -- -H "$h"; else set --; fi
	wrk_warm "http://127.0.0.1:$NTM_PORT$p" "$@"
	wrk_warm "http://127.0.0.1:$NGX_OFF/$f" "$@"
	wrk_warm "http://127.0.0.1:$NGX_ON/$f" "$@"
done
# measure NAME URL LABEL PIDS [wrk options...]: one wrk run; sets
# NAME_rps (req/s), NAME_us (the server's CPU per request, us) and
# NAME_busy (wrk's share of its core).
measure() {
	me_name=$1 me_url=$2 me_label=$3 me_pids=$4
	shift 4
	me_rps=$(SERVER_PIDS=$me_pids wrk_rps "$me_url" "$me_label" "$@")
	read -r me_us me_busy <"$TMP/wrk.cpu"
	eval "${me_name}_rps=\$me_rps ${me_name}_us=\$me_us ${me_name}_busy=\$me_busy"
}
r=1
while [ $r -le "$ROUNDS" ]; do
	for t in $NAMES; do
		eval "p=\$PATH_$t f=\$FILE_$t h=\${HDR_$t:-}"
		if [ -n "$h" ]; then set -- -H "$h"; else set --; fi
		u_ntm="http://127.0.0.1:$NTM_PORT$p"
		u_off="http://127.0.0.1:$NGX_OFF/$f"
		u_on="http://127.0.0.1:$NGX_ON/$f"
		if [ $((r % 2)) -eq 1 ]; then
			measure x_ntm "$u_ntm" "ntm $t" "$NTM_PID" "$@"
			measure x_off "$u_off" "nginx (sendfile off) $t" "$NGX_OFF_W" "$@"
			measure x_on "$u_on" "nginx (sendfile on) $t" "$NGX_ON_W" "$@"
		else
			measure x_on "$u_on" "nginx (sendfile on) $t" "$NGX_ON_W" "$@"
			measure x_off "$u_off" "nginx (sendfile off) $t" "$NGX_OFF_W" "$@"
			measure x_ntm "$u_ntm" "ntm $t" "$NTM_PID" "$@"
		fi
		x_ngx=$(larger "$x_off_rps" "$x_on_rps")
		x_ratio=$(ratio "$x_ntm_rps" "$x_ngx")
		# The CPU bar: the nginx that spent less per request.
		x_ngx_us=$(smaller "$x_off_us" "$x_on_us")
		x_cpu_ratio=$(ratio "$x_ngx_us" "$x_ntm_us")
		echo "$x_ntm_rps" >>"$TMP/$t.ntm"
		echo "$x_ngx" >>"$TMP/$t.ngx"
		echo "$x_ratio" >>"$TMP/$t.ratio"
		echo "$x_ntm_us" >>"$TMP/$t.ntm_us"
		echo "$x_ngx_us" >>"$TMP/$t.ngx_us"
		echo "$x_cpu_ratio" >>"$TMP/$t.cpu_ratio"
		echo "$x_ntm_busy $x_off_busy $x_on_busy" | tr ' ' '\n' >>"$TMP/busy"
		printf '  round %d: %-7s %5s bytes   ntm %7.0f req/s %5.2f us   nginx %7.0f %5.2f us (sendfile off) %7.0f %5.2f us (on)   ratio %s, cpu %s\n' \
			"$r" "$t" "$(wc -c <"$TMP/www/$f")" "$x_ntm_rps" "$x_ntm_us" \
			"$x_off_rps" "$x_off_us" "$x_on_rps" "$x_on_us" "$x_ratio" "$x_cpu_ratio"
	done
	r=$((r + 1))
done
NGX_RPS=$(median <"$TMP/json.ngx")

# Reference: the floor of the HTTP layer.  bench/mhd_bare.c is libmicrohttpd
# alone, with http.c's daemon options, queueing one prepared response with
# the same bytes and headers as ntm's answer: one round each against the
# faster nginx.  What ntm adds to it is its own request path.
BARE_LINE="skipped (bench/mhd_bare.c did not build)"
if ${CC:-cc} -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
	-o "$TMP/mhd_bare" "$ROOT/bench/mhd_bare.c" \
	$(pkg-config --cflags --libs libmicrohttpd 2>/dev/null) -pthread \
	2>"$TMP/mhd_bare.err"; then
	BARE_LINE=""
	for t in $NAMES; do
		eval "f=\$FILE_$t h=\${HDR_$t:-}"
		if [ -n "$h" ]; then set -- -H "$h"; else set --; fi
		b_port=$((NTM_PORT + 1000))
		: >"$TMP/bare.err"
		"$TMP/mhd_bare" "$b_port" "$TMP/www/$f" "$TMP/$t.headers" 2>"$TMP/bare.err" &
		b_pid=$!
		i=0
		until grep -q listening "$TMP/bare.err" 2>/dev/null || [ $i -ge 50 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		wrk_warm "http://127.0.0.1:$b_port/$f" "$@"
		measure x_bare "http://127.0.0.1:$b_port/$f" "bare libmicrohttpd $t" "$b_pid" "$@"
		measure x_off "http://127.0.0.1:$NGX_OFF/$f" "nginx (sendfile off) $t" "$NGX_OFF_W" "$@"
		measure x_on "http://127.0.0.1:$NGX_ON/$f" "nginx (sendfile on) $t" "$NGX_ON_W" "$@"
		stop_pid "$b_pid"
		x_ngx=$(larger "$x_off_rps" "$x_on_rps")
		x_ngx_us=$(smaller "$x_off_us" "$x_on_us")
		BARE_LINE="$BARE_LINE $t $(ratio "$x_ngx_us" "$x_bare_us")"
		printf '  reference, bare libmicrohttpd, %-7s %7.0f req/s %5.2f us   nginx %7.0f %5.2f us (off) %7.0f %5.2f us (on)   ratio %s, cpu %s\n' \
			"$t:" "$x_bare_rps" "$x_bare_us" "$x_off_rps" "$x_off_us" \
			"$x_on_rps" "$x_on_us" "$(ratio "$x_bare_rps" "$x_ngx")" \
			"$(ratio "$x_ngx_us" "$x_bare_us")"
	done
fi

# Reference: the static file asked without gzip (every byte of it), one round.
curl -sf -o "$TMP/www/plain.css" "http://127.0.0.1:$NTM_PORT$PATH_static" ||
	die "GET $PATH_static failed"
x_ntm=$(wrk_rps "http://127.0.0.1:$NTM_PORT$PATH_static" "ntm static, plain")
x_off=$(wrk_rps "http://127.0.0.1:$NGX_OFF/plain.css" "nginx (sendfile off) static, plain")
x_on=$(wrk_rps "http://127.0.0.1:$NGX_ON/plain.css" "nginx (sendfile on) static, plain")
x_ngx=$(larger "$x_off" "$x_on")
printf '  reference, static file without gzip (%s bytes), 1 round: ntm %.0f req/s, nginx %.0f (off) %.0f (on), ratio %s\n' \
	"$(wc -c <"$TMP/www/plain.css")" "$x_ntm" "$x_off" "$x_on" "$(ratio "$x_ntm" "$x_ngx")"

# ---- 3. memory after the load -------------------------------------------------
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NTM_PID/status")
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$NTM_PID/status")
stop_ntm

# Reference: the same page with the response cache off (--no-cache), so
# every request builds the view from the database: the cost of a miss.
start_ntm "$DB" /dev/null --quiet --no-cache
NOCACHE_URL="http://127.0.0.1:$NTM_PORT/api/v1/units/2025/01"
wrk_warm "$NOCACHE_URL"
NOCACHE_RPS=$(wrk_rps "$NOCACHE_URL" "ntm --no-cache")
NOCACHE_RATIO=$(ratio "$NOCACHE_RPS" "$NGX_RPS")
printf '  reference, no response cache (--no-cache), 1 round: ntm %.0f req/s, ratio %s\n' \
	"$NOCACHE_RPS" "$NOCACHE_RATIO"
stop_nginx
stop_ntm

# ---- 4. server-side time from the access log ---------------------------------
LOG=$TMP/access.log
# --no-cache: each request really searches (and builds the unit page);
# with the cache on, repeating one query would time a cache hit.
start_ntm "$DB" "$LOG" --no-cache

# server_time LABEL PATH -> one line "label|hits|median|p99|max|round trip"
# on stdout, from N sequential keep-alive requests of PATH (after 20 not
# counted).  Every line of the log must be a 200.
server_time() {
	url="http://127.0.0.1:$NTM_PORT$2"
	curl -sf -o /dev/null "$url" || die "GET $2 failed"
	i=0
	: >"$TMP/curl.cfg"
	while [ $i -lt 20 ]; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$TMP/curl.cfg"
		i=$((i + 1))
	done
	curl -sf -K "$TMP/curl.cfg" || die "warm-up for $2 failed"
	i=0
	: >"$TMP/curl.cfg"
	while [ $i -lt "$SEARCH_N" ]; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$TMP/curl.cfg"
		i=$((i + 1))
	done
	# Let every earlier request be logged, then take the next N lines.
	sleep 0.1
	before=$(wc -l <"$LOG")
	t0=$(now_ns)
	curl -sf -K "$TMP/curl.cfg" || die "requests for $2 failed"
	t1=$(now_ns)
	i=0
	while [ "$(wc -l <"$LOG")" -lt $((before + SEARCH_N)) ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	tail -n +"$((before + 1))" "$LOG" | head -n "$SEARCH_N" |
		sed -n 's/.*"status":\([0-9]*\).*"us":\([0-9]*\).*/\1 \2/p' >"$TMP/us.txt"
	got=$(wc -l <"$TMP/us.txt")
	[ "$got" -eq "$SEARCH_N" ] || die "$2: $got log lines, expected $SEARCH_N"
	bad=$(awk '$1 != 200' "$TMP/us.txt" | wc -l)
	[ "$bad" -eq 0 ] || die "$2: $bad answers were not 200"
	hits=$(curl -sf "$url" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
	med=$(awk '{ print $2 }' "$TMP/us.txt" | percentile 50)
	p99=$(awk '{ print $2 }' "$TMP/us.txt" | percentile 99)
	max=$(awk '{ print $2 }' "$TMP/us.txt" | sort -n | tail -1)
	wall=$(awk -v a="$t0" -v b="$t1" -v n="$SEARCH_N" 'BEGIN { printf "%.0f", (b - a) / 1e3 / n }')
	printf '%s|%s|%s|%s|%s|%s\n' "$1" "${hits:--}" "$med" "$p99" "$max" "$wall"
}
# show_time LINE: one line of server_time, for people.
show_time() {
	echo "$1" | awk -F'|' '{ printf "  %-24s %5s hits   median %5s us   p99 %5s us   max %6s us   (client round trip %s us)\n", $1, $2, $3, $4, $5, $6 }'
}

echo "server time: $SEARCH_N sequential keep-alive requests each, \"us\" of ntm's access log"
: >"$TMP/search.txt"
IFS='|'
for q in $QUERIES; do
	unset IFS
	line=$(server_time "q=\"$q\"" "/api/v1/units?q=$(printf '%s' "$q" | sed 's/ /%20/g')")
	echo "$line" >>"$TMP/search.txt"
	show_time "$line"
done
unset IFS
# The throughput page, for scale (not part of the search target).
UNIT_LINE=$(server_time "/api/v1/units/2025/01" "/api/v1/units/2025/01")
show_time "$UNIT_LINE"
# Memory again: this process also holds the search index.
RSS2_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NTM_PID/status")
HWM2_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$NTM_PID/status")
stop_ntm

# ---- summary -------------------------------------------------------------------
MISSED=0
v_mem=$(verdict "$(awk -v a="$HWM_KB" -v b="$HWM2_KB" 'BEGIN { print (a < 64 * 1024 && b < 64 * 1024) }')")
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
worst_p99=$(awk -F'|' 'BEGIN { m = 0 } $4 > m { m = $4 } END { print m }' "$TMP/search.txt")
v_search=$(verdict "$(awk -v p="$worst_p99" 'BEGIN { print (p < 1000) }')")
case "$v_mem$v_search" in *MISSED*) MISSED=1 ;; esac

cat <<EOF

==================== summary ====================
ntm init (median of 3)      ${INIT_S} s
ntm vs nginx static, 1 thread / 1 worker, medians of $ROUNDS rounds.  cpu: nginx's CPU per
request over ntm's (the nginx that spent less, per round), the figure judged; req/s: ntm's
throughput over the faster nginx's (wrk's core was $(median <"$TMP/busy") busy, median: near 1.00
the client, not the servers, sets every req/s)
EOF
for t in $NAMES; do
	eval "w=\$WHAT_$t want=\$TARGET_$t"
	rat=$(median <"$TMP/$t.cpu_ratio")
	v=$(verdict "$(awk -v r="$rat" -v w="$want" 'BEGIN { print (r >= w) }')")
	[ "$v" = ok ] || MISSED=1
	printf '  %-7s cpu %s   target >= %s: %-6s  ntm %5.2f us, nginx %5.2f us a request; req/s %s (ntm %6.0f, nginx %6.0f)   %s\n' \
		"$t" "$rat" "$want" "$v" "$(median <"$TMP/$t.ntm_us")" "$(median <"$TMP/$t.ngx_us")" \
		"$(median <"$TMP/$t.ratio")" "$(median <"$TMP/$t.ntm")" "$(median <"$TMP/$t.ngx")" "$w"
done
cat <<EOF
  reference (bare MHD)     $BARE_LINE   (cpu: libmicrohttpd alone, same bytes and headers, 1 round)
  reference (no cache)      $NOCACHE_RATIO   ntm --no-cache ($NOCACHE_RPS req/s) vs nginx json: every request builds the view, 1 round
ntm memory after load       VmRSS $(mb "$RSS_KB") MB, VmHWM $(mb "$HWM_KB") MB   target < 64 MB: $v_mem
  after the searches too    VmRSS $(mb "$RSS2_KB") MB, VmHWM $(mb "$HWM2_KB") MB   (with the search index)
search server time (us)     query: median / p99 (target p99 < 1000: $v_search)
EOF
awk -F'|' '{ printf "  %-14s %5s / %5s   (%s hits)\n", $1, $3, $4, $2 }' "$TMP/search.txt"
echo "$UNIT_LINE" | awk -F'|' '{ printf "unit page server time (us)  %s / %s   median / p99, GET %s\n", $3, $4, $1 }'
echo "load average                $LOAD_BEFORE before, $(load_avg) after"
echo "================================================="

if [ "$MISSED" = 1 ] && [ -n "${BENCH_STRICT:-}" ]; then
	exit 1
fi
exit 0
