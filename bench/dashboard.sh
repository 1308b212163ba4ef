#!/bin/sh
# bench/dashboard.sh - the dashboards (issue 18) on a `ntm demo` database:
#
# 1. the national dashboard page /units/2025/VN/dashboard (anonymous,
#    cached per data version: ROUTE_PAGE_CACHE) against nginx
#    (sendfile on) serving the page's bytes as a static file of the
#    same size; wrk -t1 -c32, BENCH_ROUNDS rounds in alternating order; the
#    ratio, the median of the rounds.  Target >= 0.5.
# 2. the 34-province map SVG (/maps/2025/ntm_met_share/{year}.svg, the
#    maps module) in bytes before compression.  Target <= 60 KB.
# 3. every dashboard page - the nation, a province (Hà Nội), a commune
#    (Sóc Sơn) - in Chromium (playwright-core, Debian's chromium) with the
#    network throttled through CDP Network.emulateNetworkConditions to
#    400 kbit/s down and up with 400 ms latency, cache disabled: bytes
#    transferred in all (the page and everything it loads) and the time to
#    first contentful paint.  Targets: < 100 KB, < 2 s.
#
# Needs curl, wrk, nginx, node with tests/e2e/node_modules (make
# tests/e2e/node_modules/.ok) and chromium.  Exit status 0 when the run
# completed, whatever the figures; BENCH_STRICT=1 makes a missed target
# exit 1.  Settings: NTM_BIN, NGINX_BIN, CHROMIUM_BIN, BENCH_DURATION (3),
# BENCH_ROUNDS (5), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
TARGET_RATIO=0.5
TARGET_SVG=61440
TARGET_BYTES=102400
TARGET_MS=2000
PAGES='nation|/units/2025/VN/dashboard
province|/units/2025/01/dashboard
commune|/units/2025/00376/dashboard'

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
command -v node >/dev/null 2>&1 || die "node not installed"
[ -d "$ROOT/tests/e2e/node_modules/playwright-core" ] ||
	die "playwright-core missing: make tests/e2e/node_modules/.ok"
find_tools
bench_tmp ntm-bench-dashboard

echo "== ntm bench dashboard: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

DB=$TMP/demo.db
t0=$(now_ns)
"$NTM" demo --db "$DB" >/dev/null 2>"$TMP/demo.err" ||
	{ cat "$TMP/demo.err" >&2; die "ntm demo failed"; }
echo "ntm demo: $(elapsed_s "$t0" "$(now_ns)") s"

# ---- 1. the national dashboard against nginx ------------------------------
start_ntm "$DB" /dev/null --quiet
BASE=http://127.0.0.1:$NTM_PORT
PAGE=/units/2025/VN/dashboard
mkdir -p "$TMP/www"
t0=$(now_ns)
curl -sf -o "$TMP/www/dash.html" "$BASE$PAGE" || die "GET $PAGE failed"
echo "first render of $PAGE (not cached): $(elapsed_s "$t0" "$(now_ns)") s"
curl -sf -o "$TMP/www/dash.html" "$BASE$PAGE" || die "GET $PAGE failed"
grep -q 'dash-panel' "$TMP/www/dash.html" || die "$PAGE shows no panel"
BYTES=$(wc -c <"$TMP/www/dash.html")
start_nginx dash.html on
U_NTM=$BASE$PAGE
U_NGX=http://127.0.0.1:$NGX_PORT/dash.html
echo "throughput: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, $BYTES bytes, alternating; nginx sendfile on"
wrk_warm "$U_NTM"
wrk_warm "$U_NGX"
r=1
while [ $r -le "$ROUNDS" ]; do
	[ $((r % 2)) -eq 1 ] && DUEL_ORDER=ntm || DUEL_ORDER=nginx
	duel dash "$U_NTM" "$U_NGX"
	printf '  round %d: ntm %7.0f req/s   nginx %7.0f req/s   ratio %s\n' \
		"$r" "$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
	r=$((r + 1))
done
RATIO=$(median <"$TMP/dash.ratio")
NTM_RPS=$(median <"$TMP/dash.ntm")
NGX_RPS=$(median <"$TMP/dash.ngx")
stop_nginx

# ---- 2. the provinces' map -------------------------------------------------
YEAR=$(curl -sf "$BASE/api/v1$PAGE" | sed -n 's/.*"year":\([0-9]*\).*/\1/p' | head -1)
SVG_BYTES=-
if curl -sf -o "$TMP/map.svg" "$BASE/maps/2025/ntm_met_share/$YEAR.svg"; then
	SVG_BYTES=$(wc -c <"$TMP/map.svg")
	echo "map /maps/2025/ntm_met_share/$YEAR.svg: $SVG_BYTES bytes, $(grep -o '<path' "$TMP/map.svg" | wc -l) paths"
else
	echo "map /maps/2025/ntm_met_share/$YEAR.svg: not served (the maps module is not in this build)"
fi

# ---- 3. first render at 400 kbit/s, 400 ms ---------------------------------
echo "first render in Chromium, 400 kbit/s down and up, 400 ms latency, cache off:"
echo "$PAGES" | while IFS='|' read -r name path; do
	echo "$name $BASE$path"
done >"$TMP/pages.txt"
NODE_PATH=$ROOT/tests/e2e/node_modules node "$ROOT/bench/dashboard_render.js" \
	<"$TMP/pages.txt" >"$TMP/render.txt" || die "the browser run failed"
sed 's/^/  /' "$TMP/render.txt"
stop_ntm

met_r=$(awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? 1 : 0 }')
met_s=0
[ "$SVG_BYTES" != - ] && [ "$SVG_BYTES" -le "$TARGET_SVG" ] && met_s=1
met_b=$(awk -v t="$TARGET_BYTES" '$3 + 0 >= t { bad = 1 } END { print bad ? 0 : 1 }' "$TMP/render.txt")
met_t=$(awk -v t="$TARGET_MS" '$5 + 0 >= t { bad = 1 } END { print bad ? 0 : 1 }' "$TMP/render.txt")
echo
echo "| figure | measured | target |"
echo "|---|---|---|"
printf '| %s, %s bytes, anonymous, cached | ntm %.0f req/s against nginx %.0f (medians): ratio **%s** (median of %s rounds) | >= %s: %s |\n' \
	"$PAGE" "$BYTES" "$NTM_RPS" "$NGX_RPS" "$RATIO" "$ROUNDS" "$TARGET_RATIO" "$(verdict "$met_r")"
printf '| 34-province map SVG | %s bytes | <= %s: %s |\n' "$SVG_BYTES" "$TARGET_SVG" "$(verdict $met_s)"
while read -r name _url bytes _b fcp _ms load _rest; do
	printf '| %s dashboard at 400 kbit/s + 400 ms | %s bytes in all, first contentful paint %s ms (load %s ms) | < %s bytes, < %s ms |\n' \
		"$name" "$bytes" "$fcp" "$load" "$TARGET_BYTES" "$TARGET_MS"
done <"$TMP/render.txt"
printf '| every dashboard page | bytes %s, first render %s | |\n' "$(verdict "$met_b")" "$(verdict "$met_t")"
echo "load average after: $(load_avg)"
if [ "${BENCH_STRICT:-}" = 1 ] && { [ "$met_r" != 1 ] || [ "$met_s" != 1 ] ||
    [ "$met_b" != 1 ] || [ "$met_t" != 1 ]; }; then
	exit 1
fi
exit 0
