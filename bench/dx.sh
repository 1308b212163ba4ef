#!/bin/sh
# bench/dx.sh - digital readiness (issue 19) on a `ntm demo` database
# whose every commune (3,321) has typed values of the dx set for the year:
#
# 1. the national picture (domain/dx, `ntm dx picture --repeat N`): the
#    in-memory scoring of every commune (eval_ms) and the whole build with
#    its reads (build_ms), the fastest of BENCH_REPEAT runs from scratch.
#    Target (issue 19): the nation scored in memory in < 10 ms.
# 2. the national roll-up's JSON /api/v1/units/2025/VN/digital and, when
#    the pages are in this build, its page /units/2025/VN/digital
#    (anonymous, cached per DX_META_VERSION and day), each against nginx
#    (sendfile on) serving the same bytes as a static file; wrk -t1 -c32,
#    BENCH_ROUNDS rounds in alternating order; the ratio, the median of
#    the rounds.  Target >= 0.5.
#
# Needs curl, wrk, nginx, sqlite3 and node.  Exit status 0 when the run completed, whatever
# the figures; BENCH_STRICT=1 makes a missed target exit 1.  Settings:
# NTM_BIN, NGINX_BIN, BENCH_DURATION (3), BENCH_ROUNDS (5), BENCH_REPEAT
# (5), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
REPEAT=${BENCH_REPEAT:-5}
TARGET_RATIO=0.5
TARGET_EVAL_MS=10
SET=dx-xa-2026-2030
YEAR=2026

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
find_tools
bench_tmp ntm-bench-dx

echo "== ntm bench dx: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

DB=$TMP/demo.db
t0=$(now_ns)
"$NTM" demo --db "$DB" >/dev/null 2>"$TMP/demo.err" ||
	{ cat "$TMP/demo.err" >&2; die "ntm demo failed"; }
echo "ntm demo: $(elapsed_s "$t0" "$(now_ns)") s"

# Typed values for every commune: the set's typed indicators (not
# observed), a value from a hash of the commune and the indicator, so the
# communes spread over the levels.  Written as the import file officers
# use (ntm import indicators), replacing the demo's for the same keys.
"$NTM" criteria show "$SET" --db "$DB" >"$TMP/set.json" ||
	die "the set $SET is not stored"
sqlite3 "$DB" "SELECT code FROM unit WHERE structure = '2025' AND level = 'commune' ORDER BY code;" \
	>"$TMP/communes.txt" 2>/dev/null ||
	die "sqlite3 is needed to list the communes"
node -e '
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const set = doc.set || doc;
const codes = fs.readFileSync(process.argv[2], "utf8").trim().split("\n");
const hash = (s) => { let h = 2166136261; for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0; return h / 4294967296; };
const out = ["structure,code,set_id,year,indicator,value"];
for (const code of codes) {
	const m = hash(code);
	for (const c of set.criteria) for (const i of c.indicators) {
		if (i.observed || i.formula) continue;
		const n = hash(code + i.id) - 0.5;
		let v;
		if (i.type === "boolean") v = m + n * 0.6 > 0.45 ? "true" : "false";
		else {
			const t = (i.thresholds || []).find((x) => x.value !== null);
			const th = t ? t.value : 50;
			v = Math.max(0, th * Math.min(1.3, Math.max(0.05, 0.35 + 0.85 * m + 0.35 * n)));
			if (i.unit === "%") v = Math.min(100, v);
			v = v.toFixed(1);
		}
		out.push(`2025,${code},${set.id},${process.argv[3]},${i.id},${v}`);
	}
}
fs.writeFileSync(process.argv[4], out.join("\n") + "\n");
' "$TMP/set.json" "$TMP/communes.txt" "$YEAR" "$TMP/values.csv" || die "could not write the values"
t0=$(now_ns)
"$NTM" import --db "$DB" indicators "$TMP/values.csv" >/dev/null 2>"$TMP/import.err" ||
	{ cat "$TMP/import.err" >&2; die "ntm import indicators failed"; }
echo "typed values: $(($(wc -l <"$TMP/values.csv") - 1)) rows for $(wc -l <"$TMP/communes.txt") communes imported in $(elapsed_s "$t0" "$(now_ns)") s"

# ---- 1. the national picture ----------------------------------------------
"$NTM" dx picture --db "$DB" --year "$YEAR" --repeat "$REPEAT" >"$TMP/picture.json" ||
	die "ntm dx picture failed"
cat "$TMP/picture.json"
EVAL_MS=$(sed -n 's/.*"eval_ms": \([0-9.]*\).*/\1/p' "$TMP/picture.json")
BUILD_MS=$(sed -n 's/.*"build_ms": \([0-9.]*\).*/\1/p' "$TMP/picture.json")
ASSESSED=$(sed -n 's/.*"assessed": \([0-9]*\).*/\1/p' "$TMP/picture.json")

# ---- 2. the national roll-up against nginx --------------------------------
start_ntm "$DB" /dev/null --quiet
BASE=http://127.0.0.1:$NTM_PORT
mkdir -p "$TMP/www"
RESULTS=""
for page in "/api/v1/units/2025/VN/digital?year=$YEAR" "/units/2025/VN/digital?year=$YEAR"; do
	name=$(echo "$page" | sed 's/^\/api.*/json/; s/^\/units.*/page/')
	t0=$(now_ns)
	if ! curl -sf -o "$TMP/www/$name" "$BASE$page"; then
		echo "$page: not served (not in this build)"
		continue
	fi
	echo "first answer of $page (picture built): $(elapsed_s "$t0" "$(now_ns)") s"
	curl -sf -o "$TMP/www/$name" "$BASE$page" || die "GET $page failed"
	BYTES=$(wc -c <"$TMP/www/$name")
	start_nginx "$name" on
	U_NTM=$BASE$page
	U_NGX=http://127.0.0.1:$NGX_PORT/$name
	echo "$name: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, $BYTES bytes, alternating; nginx sendfile on"
	wrk_warm "$U_NTM"
	wrk_warm "$U_NGX"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		[ $((r % 2)) -eq 1 ] && DUEL_ORDER=ntm || DUEL_ORDER=nginx
		duel "$name" "$U_NTM" "$U_NGX"
		printf '  round %d: ntm %7.0f req/s   nginx %7.0f req/s   ratio %s\n' \
			"$r" "$DUEL_NTM" "$DUEL_NGX" "$DUEL_RATIO"
		r=$((r + 1))
	done
	stop_nginx
	RESULTS="$RESULTS$page|$BYTES|$(median <"$TMP/$name.ntm")|$(median <"$TMP/$name.ngx")|$(median <"$TMP/$name.ratio")
"
done
stop_ntm

met_e=$(awk -v e="$EVAL_MS" -v t="$TARGET_EVAL_MS" 'BEGIN { print (e < t) ? 1 : 0 }')
met_r=1
echo
echo "| figure | measured | target |"
echo "|---|---|---|"
printf '| scoring every commune in memory (%s assessed of 3,321) | **%s ms** (whole build with its reads: %s ms; fastest of %s) | < %s ms: %s |\n' \
	"$ASSESSED" "$EVAL_MS" "$BUILD_MS" "$REPEAT" "$TARGET_EVAL_MS" "$(verdict "$met_e")"
printf '%s' "$RESULTS" | while IFS='|' read -r page bytes n g ratio; do
	[ -n "$page" ] || continue
	ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? 1 : 0 }')
	printf '| `%s`, %s bytes, anonymous, cached | ntm %.0f req/s against nginx %.0f (medians): ratio **%s** (median of %s rounds) | >= %s: %s |\n' \
		"$page" "$bytes" "$n" "$g" "$ratio" "$ROUNDS" "$TARGET_RATIO" "$(verdict "$ok")"
	[ "$ok" = 1 ] || echo missed >"$TMP/missed"
done
[ -f "$TMP/missed" ] && met_r=0
echo "load average after: $(load_avg)"
if [ "${BENCH_STRICT:-}" = 1 ] && { [ "$met_e" != 1 ] || [ "$met_r" != 1 ]; }; then
	exit 1
fi
exit 0
