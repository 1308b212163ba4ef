#!/bin/sh
# bench/ocop_verify.sh - the public verification page of an OCOP
# certificate (/ocop/verify/{code}, docs/OCOP.md section 4) against nginx
# serving the same bytes from a file.
#
#   make bench-ocop-verify   (or: sh bench/ocop_verify.sh, after make)
#
# What a phone opens from the QR code of a label: an anonymous GET of a
# page, answered by the router's cache of anonymous answers (valid while
# the OCOP version token and today are unchanged).  Target: ntm/nginx >=
# 0.8 (docs/OCOP.md, "What is left", item 5).
#
# 1. `ntm demo` on a fresh SQLite file (criteria values for a sample only),
#    a paper certificate recorded on a Sóc Sơn product by the province of
#    Hà Nội through the API (as a province officer would).
# 2. `ntm serve --threads 1` (the calendar's sweep off) and two nginx (one
#    worker; sendfile off, and on with tcp_nopush: lib.sh) serving the
#    page's bytes; wrk -t1 -c32 -d3s, 5 rounds, the order reversed every
#    other round; each round's ratio is to the faster nginx; the median of
#    the rounds is reported.
# 3. For scale: the same page with the response cache off (--no-cache),
#    every request reading the certificate, one round.
#
# Loopback only, about a minute and a half.  Builds nothing: expects
# build/ntm.  Needs wrk, nginx and curl (scripts/install-deps.sh).  Exit
# status 0 when the run completed, whatever the figures; with
# BENCH_STRICT=1, 1 when the target is missed.
#
# Env: NTM_BIN (default build/ntm), NGINX_BIN, BENCH_DURATION (default 3),
#      BENCH_ROUNDS (default 5), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
TARGET=0.8
PASSWORD=ntm-demo-2026	# the demo accounts' (cmd_demo.c)

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
find_tools
bench_tmp ntm-bench-ocop

echo "== ntm bench ocop verify: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

# ---- 1. a database with one certificate -------------------------------------
DB=$TMP/demo.db
NTM_DEMO_CRITERIA=sample "$NTM" demo --db "$DB" >/dev/null 2>"$TMP/demo.err" ||
	{ cat "$TMP/demo.err" >&2; die "ntm demo failed"; }
NTM_OCOP_SWEEP_INTERVAL=0
export NTM_OCOP_SWEEP_INTERVAL
start_ntm "$DB" /dev/null --quiet
BASE=http://127.0.0.1:$NTM_PORT
curl -sf -c "$TMP/cookies" -H 'content-type: application/json' \
	-d "{\"username\":\"hanoi\",\"password\":\"$PASSWORD\"}" \
	"$BASE/api/v1/session" >"$TMP/login.json" || die "login as hanoi failed"
CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/login.json")
PRODUCT=$(curl -sf -b "$TMP/cookies" "$BASE/api/v1/ocop/products?unit=2025:00376&limit=1" |
	sed -n 's/^{"items":\[{"id":\([0-9]*\).*/\1/p')
[ -n "$PRODUCT" ] || die "no demo product in Sóc Sơn"
curl -sf -b "$TMP/cookies" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
	-d '{"number":"15/QĐ-UBND","level":"province","stars":4,"score":78.5,"issued_on":"2025-03-01"}' \
	"$BASE/api/v1/ocop/products/$PRODUCT/certificates" >"$TMP/cert.json" ||
	die "recording the certificate failed"
CODE=$(sed -n 's/.*"code":"\([^"]*\)".*/\1/p' "$TMP/cert.json" | head -1)
PAGE=/ocop/verify/$CODE
echo "certificate $CODE on product $PRODUCT; page $PAGE"

# ---- 2. the page against nginx ------------------------------------------------
mkdir -p "$TMP/www"
# Twice: the first answer fills the cache.
curl -sf -o "$TMP/www/verify.html" "$BASE$PAGE" &&
	curl -sf -o "$TMP/www/verify.html" "$BASE$PAGE" || die "GET $PAGE failed"
grep -q 'verdict' "$TMP/www/verify.html" || die "$PAGE has no status"
BYTES=$(wc -c <"$TMP/www/verify.html")
start_nginx verify.html off
NGX_OFF=$NGX_PORT
start_nginx verify.html on
NGX_ON=$NGX_PORT
U_NTM=$BASE$PAGE
U_OFF=http://127.0.0.1:$NGX_OFF/verify.html
U_ON=http://127.0.0.1:$NGX_ON/verify.html
echo "throughput: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, $BYTES bytes; the bar is the faster nginx of each round"
wrk_warm "$U_NTM"
wrk_warm "$U_OFF"
wrk_warm "$U_ON"
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		x_ntm=$(wrk_rps "$U_NTM" "ntm verify")
		x_off=$(wrk_rps "$U_OFF" "nginx (sendfile off)")
		x_on=$(wrk_rps "$U_ON" "nginx (sendfile on)")
	else
		x_on=$(wrk_rps "$U_ON" "nginx (sendfile on)")
		x_off=$(wrk_rps "$U_OFF" "nginx (sendfile off)")
		x_ntm=$(wrk_rps "$U_NTM" "ntm verify")
	fi
	x_ngx=$(awk -v a="$x_off" -v b="$x_on" 'BEGIN { print (a > b ? a : b) }')
	x_ratio=$(ratio "$x_ntm" "$x_ngx")
	echo "$x_ratio" >>"$TMP/verify.ratio"
	echo "$x_ntm" >>"$TMP/verify.ntm"
	echo "$x_ngx" >>"$TMP/verify.ngx"
	printf '  round %d: ntm %7.0f req/s   nginx %7.0f (sendfile off) %7.0f (on)   ratio %s\n' \
		"$r" "$x_ntm" "$x_off" "$x_on" "$x_ratio"
	r=$((r + 1))
done
RATIO=$(median <"$TMP/verify.ratio")
NTM_RPS=$(median <"$TMP/verify.ntm")
NGX_RPS=$(median <"$TMP/verify.ngx")
stop_ntm

# ---- 3. for scale: every request reads the certificate ---------------------------
start_ntm "$DB" /dev/null --quiet --no-cache
wrk_warm "http://127.0.0.1:$NTM_PORT$PAGE"
NOCACHE=$(wrk_rps "http://127.0.0.1:$NTM_PORT$PAGE" "ntm --no-cache verify")
stop_ntm
stop_nginx

MET=$(awk -v r="$RATIO" -v t="$TARGET" 'BEGIN { print (r >= t) ? 1 : 0 }')
echo
echo "| figure | measured | target |"
echo "|---|---|---|"
printf '| verification page, %s bytes, anonymous, cached | ntm %.0f req/s against nginx %.0f (medians): ratio **%s** (median of %s rounds) | >= %s: %s |\n' \
	"$BYTES" "$NTM_RPS" "$NGX_RPS" "$RATIO" "$ROUNDS" "$TARGET" "$(verdict "$MET")"
printf '| the same, --no-cache | %.0f req/s (ratio %s) | - |\n' "$NOCACHE" "$(ratio "$NOCACHE" "$NGX_RPS")"
echo "load average after: $(load_avg)"
if [ "${BENCH_STRICT:-}" = 1 ] && [ "$MET" != 1 ]; then
	exit 1
fi
exit 0
