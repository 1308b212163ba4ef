#!/bin/sh
# bench/changes.sh - the change feed (issue 20, docs/EXCHANGE.md §3) on a
# `ntm demo` database (about 5,500 changes: units, indicator values,
# evaluations, reports, approvals, decisions, certificates, results):
#
#   pages/s of GET /api/v1/changes?since=0&limit=1000 (1,000 changes a
#   page, never cached: every request reads the table) with an admin's API
#   token (national scope), against nginx (sendfile on) serving the same
#   bytes as a static file; wrk -t1 -c32, BENCH_ROUNDS rounds in
#   alternating order; the ratio, the median of the rounds.  Target
#   (issue 20): >= 0.3.  Then the same page for a province officer (Hà
#   Nội: the scope decides every row, about 3,600 examined for 1,000 of
#   its own, the first sight of each unit a walk up the tree), without a
#   target: what a province's system costs.
#
# Needs curl, wrk, nginx.  Exit status 0 when the run completed, whatever
# the figures; BENCH_STRICT=1 makes a missed target exit 1.  Settings:
# NTM_BIN, NGINX_BIN, BENCH_DURATION (3), BENCH_ROUNDS (5), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
TARGET_RATIO=0.3
PASSWORD=ntm-demo-2026

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
find_tools
bench_tmp ntm-bench-changes

echo "== ntm bench changes: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

DB=$TMP/demo.db
t0=$(now_ns)
"$NTM" demo --db "$DB" >/dev/null 2>"$TMP/demo.err" ||
	{ cat "$TMP/demo.err" >&2; die "ntm demo failed"; }
echo "ntm demo: $(elapsed_s "$t0" "$(now_ns)") s"

start_ntm "$DB" /dev/null --quiet
BASE=http://127.0.0.1:$NTM_PORT

# An API token of a demo account (log in, POST /api/v1/tokens).
token_of() {
	jar=$TMP/jar.$1
	login=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session") ||
		die "login as $1 failed"
	csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
	curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
		-d '{"name":"bench-changes"}' "$BASE/api/v1/tokens" |
		sed -n 's/.*"token":"\(ntm_[^"]*\)".*/\1/p'
}

mkdir -p "$TMP/www"
RESULTS=""
for who in admin hanoi; do
	tok=$(token_of "$who")
	[ -n "$tok" ] || die "no API token for $who"
	page="/api/v1/changes?since=0&limit=1000"
	curl -sf -H "Authorization: Bearer $tok" -o "$TMP/www/$who" "$BASE$page" ||
		die "GET $page as $who failed"
	N=$(grep -o '"seq":' "$TMP/www/$who" | wc -l)
	BYTES=$(wc -c <"$TMP/www/$who")
	start_nginx "$who" on
	U_NTM=$BASE$page
	U_NGX=http://127.0.0.1:$NGX_PORT/$who
	echo "$who: $N changes a page, $BYTES bytes; wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, alternating; nginx sendfile on"
	wrk -t1 -c32 -d1s -H "Authorization: Bearer $tok" "$U_NTM" >/dev/null 2>&1 || true
	wrk_warm "$U_NGX"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		[ $((r % 2)) -eq 1 ] && DUEL_ORDER=ntm || DUEL_ORDER=nginx
		# the header goes to nginx too: it ignores it, and both answer
		# the same request bytes
		duel "$who" "$U_NTM" "$U_NGX" -H "Authorization: Bearer $tok" --timeout 30s
		printf '  round %d: ntm %7.0f pages/s   nginx %7.0f req/s   ratio %s\n' \
			"$r" "$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
		r=$((r + 1))
	done
	stop_nginx
	RESULTS="$RESULTS$who|$N|$BYTES|$(median <"$TMP/$who.ntm")|$(median <"$TMP/$who.ngx")|$(median <"$TMP/$who.ratio")
"
done
stop_ntm

echo
echo "| figure | measured | target |"
echo "|---|---|---|"
printf '%s' "$RESULTS" | while IFS='|' read -r who n bytes pn pg ratio; do
	[ -n "$who" ] || continue
	ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? 1 : 0 }')
	if [ "$who" = admin ]; then
		target=">= $TARGET_RATIO: $(verdict "$ok")"
		[ "$ok" = 1 ] || echo missed >"$TMP/missed"
	else
		target="(none: for scale)"
	fi
	printf '| `GET /api/v1/changes?limit=1000` as %s: %s changes, %s bytes, not cached | ntm %.0f pages/s against nginx %.0f (medians): ratio **%s** (median of %s rounds) | %s |\n' \
		"$who" "$n" "$bytes" "$pn" "$pg" "$ratio" "$ROUNDS" "$target"
done
echo "load average after: $(load_avg)"
if [ "${BENCH_STRICT:-}" = 1 ] && [ -f "$TMP/missed" ]; then
	exit 1
fi
exit 0
