#!/bin/sh
# bench/market_catalog.sh - the marketplace's public catalog at scale
# (docs/MARKET.md section 4): 20,000 listings of certified products across
# every province, the server time of searches, and the catalog page /cho
# against nginx serving a static file of the same size.
#
# 1. `ntm init` on a fresh file (the real units), then BENCH_LISTINGS
#    (20,000) certified products, each with one active listing, written as
#    rows by the sqlite3 shell in one transaction (the seeding of
#    bench/ocop_register.sh plus market_listing: the catalog reads only the
#    tables, and 20,000 listings through the shop's API would measure the
#    writes, not the catalog).  About one product in eleven has an expired
#    certificate and one in fifty a revoked one: those listings do not
#    sell, as in life.
# 2. `ntm serve --threads 1`; for each query of QUERIES, BENCH_SEARCH_N
#    (2000) sequential keep-alive requests after 20 not counted (the first
#    request builds the catalog's copy in memory); median and p99 of the
#    "us" field of ntm's access log (time inside the server, stock read
#    live for the rows returned).  Target: p99 < 5000 us.
# 3. /cho (anonymous, cached: ROUTE_PAGE_CACHE) against two nginx (sendfile
#    off and on) serving the page's bytes as a file; wrk -t1 -c32, 5
#    rounds, the order reversed every other round; the ratio to the faster
#    nginx, the median of the rounds.  Target: >= 0.5.
#
# Needs sqlite3, curl, wrk and nginx.  Exit status 0 when the run
# completed, whatever the figures; BENCH_STRICT=1 makes a missed target
# exit 1.  Settings: NTM_BIN, NGINX_BIN, BENCH_LISTINGS, BENCH_SEARCH_N,
# BENCH_DURATION (3), BENCH_ROUNDS (5), BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
NGINX=${NGINX_BIN:-nginx}
PRODUCTS=${BENCH_LISTINGS:-20000}
SEARCH_N=${BENCH_SEARCH_N:-2000}
DURATION=${BENCH_DURATION:-3}
ROUNDS=${BENCH_ROUNDS:-5}
TARGET_US=5000
TARGET_RATIO=0.5
# name|query: what a buyer types or picks (a page of 24, the default)
QUERIES='first page (no filter)|/api/v1/market/search
mat ong (no diacritics)|/api/v1/market/search?q=mat+ong
mật ong (diacritics)|/api/v1/market/search?q=m%E1%BA%ADt+ong
che (prefix)|/api/v1/market/search?q=che
nuoc mam thuong hang|/api/v1/market/search?q=nuoc+mam+thuong+hang
t (one letter)|/api/v1/market/search?q=t
ha noi (place words)|/api/v1/market/search?q=ha+noi
Hà Nội, 4+ stars|/api/v1/market/search?province=01&stars=4
group 3, page 10, 100 rows|/api/v1/market/search?group=3&offset=900&limit=100
gao, province 79|/api/v1/market/search?q=gao&province=79
listing JSON|/api/v1/market/listings/1000001'

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not installed (apt-get install sqlite3)"
find_tools
bench_tmp ntm-bench-market

echo "== ntm bench market catalog: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

# ---- 1. the database ----------------------------------------------------------
DB=$TMP/market.db
"$NTM" init --db "$DB" >/dev/null 2>"$TMP/init.err" ||
	{ cat "$TMP/init.err" >&2; die "ntm init failed"; }
t0=$(now_ns)
sqlite3 "$DB" >"$TMP/sql.out" 2>&1 <<SQL || { cat "$TMP/sql.out" >&2; die "the listings were not written"; }
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE c AS SELECT row_number() OVER (ORDER BY code) AS n, code,
    name, search_name, parent_code FROM unit
    WHERE structure = '2025' AND level = 'commune';
CREATE TEMP TABLE w (n INTEGER PRIMARY KEY, vi TEXT, f TEXT, grp INTEGER);
INSERT INTO w VALUES (0, 'Mật ong', 'mat ong', 1), (1, 'Chè', 'che', 2),
    (2, 'Nước mắm', 'nuoc mam', 1), (3, 'Gạo', 'gao', 1),
    (4, 'Bánh tráng', 'banh trang', 1), (5, 'Rượu', 'ruou', 2),
    (6, 'Sâm', 'sam', 3), (7, 'Gốm', 'gom', 4),
    (8, 'Mây tre đan', 'may tre dan', 4), (9, 'Lan', 'lan', 5),
    (10, 'Du lịch cộng đồng', 'du lich cong dong', 6),
    (11, 'Cà phê', 'ca phe', 2), (12, 'Tỏi', 'toi', 1),
    (13, 'Miến dong', 'mien dong', 1), (14, 'Nấm linh chi', 'nam linh chi', 3),
    (15, 'Khô cá', 'kho ca', 1);
CREATE TEMP TABLE a (n INTEGER PRIMARY KEY, vi TEXT, f TEXT);
INSERT INTO a VALUES (0, 'hoa nhãn', 'hoa nhan'), (1, 'rừng', 'rung'),
    (2, 'đặc biệt', 'dac biet'), (3, 'truyền thống', 'truyen thong'),
    (4, 'sạch', 'sach'), (5, 'thượng hạng', 'thuong hang'),
    (6, 'hữu cơ', 'huu co'), (7, 'cao cấp', 'cao cap');
CREATE TEMP TABLE s (i INTEGER PRIMARY KEY);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < $PRODUCTS)
INSERT INTO s SELECT i FROM r;
-- producers: one per five products, communes spread over the country
INSERT INTO ocop_producer (id, name, search_name, kind, structure, code,
    created_at, updated_at)
SELECT 1000000 + s.i, 'Hợp tác xã ' || c.name || ' số ' || s.i,
    'hop tac xa ' || c.search_name || ' so ' || s.i, 'cooperative', '2025',
    c.code, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM s JOIN c ON c.n = 1 + (s.i * 7919) % (SELECT COUNT(*) FROM c)
WHERE s.i <= ($PRODUCTS + 4) / 5;
INSERT INTO wf_instance (id, procedure_id, procedure_version, subject,
    structure, code, state, state_since, created_at)
SELECT 1000000 + s.i, 'ocop-product-2025',
    (SELECT MAX(version) FROM wf_procedure WHERE procedure_id = 'ocop-product-2025'),
    'ocop_product:' || (1000000 + s.i), '2025', p.code, 'certified',
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM s JOIN ocop_producer p ON p.id = 1000000 + (s.i + 4) / 5;
INSERT INTO ocop_product (id, producer_id, name, search_name, product_group,
    description, structure, code, state, instance_id, stars, created_at,
    updated_at)
SELECT 1000000 + s.i, p.id, w.vi || ' ' || a.vi || ' ' || c.name,
    w.f || ' ' || a.f || ' ' || c.search_name, w.grp,
    'Sản phẩm mẫu của bench/market_catalog.sh', '2025', p.code, 'certified',
    1000000 + s.i, 3 + s.i % 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM s JOIN ocop_producer p ON p.id = 1000000 + (s.i + 4) / 5
JOIN c ON c.code = p.code JOIN w ON w.n = s.i % 16 JOIN a ON a.n = (s.i / 16) % 8;
INSERT INTO ocop_certificate (code, number, product_id, level, stars,
    issued_on, expires_on, issuer_structure, issuer_code, source,
    revoked_on, revoked_reason, created_at)
SELECT CASE WHEN x.stars = 5 THEN 'VN' ELSE c.parent_code END || '-' || s.i
        || '-QD-UBND', s.i || '/QĐ-UBND', 1000000 + s.i,
    CASE WHEN x.stars = 5 THEN 'central' ELSE 'province' END, x.stars,
    x.issued, date(x.issued, '+36 months', '-1 day'), '2025',
    CASE WHEN x.stars = 5 THEN 'VN' ELSE c.parent_code END, 'import',
    CASE WHEN s.i % 50 = 0 THEN date('now') END,
    CASE WHEN s.i % 50 = 0 THEN 'bench' END, '2026-01-01T00:00:00Z'
FROM s JOIN ocop_product p ON p.id = 1000000 + s.i
JOIN c ON c.code = p.code
JOIN (SELECT i, 3 + i % 3 AS stars,
        date('now', '-' || ((i * 37) % 1200) || ' days') AS issued FROM s) x
    ON x.i = s.i;
-- one active listing a product, in the product's commune
INSERT INTO market_listing (id, product_id, producer_id, variant, unit_name,
    price_vnd, stock, weight_grams, description, status, structure, code,
    province_code, created_at, updated_at)
SELECT p.id, p.id, p.producer_id, CASE s.i % 3 WHEN 0 THEN 'Hộp 500 g'
        WHEN 1 THEN 'Chai 1 lít' ELSE 'Gói 1 kg' END,
    CASE s.i % 3 WHEN 0 THEN 'hộp' WHEN 1 THEN 'chai' ELSE 'gói' END,
    20000 + (s.i % 50) * 5000, s.i % 40, 500 + (s.i % 3) * 500,
    'Đặc sản ' || c.name || ', đóng gói tại cơ sở.', 'active', '2025',
    p.code, c.parent_code, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM s JOIN ocop_product p ON p.id = 1000000 + s.i
JOIN c ON c.code = p.code;
COMMIT;
SELECT COUNT(*) FROM market_listing;
SQL
t1=$(now_ns)
echo "written: $(tail -1 "$TMP/sql.out") listings in $(elapsed_s "$t0" "$t1") s"

# ---- 2. server time -----------------------------------------------------------
LOG=$TMP/access.log
start_ntm "$DB" "$LOG"
BASE=http://127.0.0.1:$NTM_PORT
t0=$(now_ns)
curl -sf -o /dev/null "$BASE/api/v1/market/search" || die "the search did not answer"
t1=$(now_ns)
echo "first request (reads the catalog into memory): $(elapsed_s "$t0" "$t1") s"
SELLING=$(curl -sf "$BASE/api/v1/market/search?limit=1" |
	sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "listings that sell today: $SELLING"

# server_time NAME PATH: "NAME|hits|median|p99|max" from SEARCH_N requests.
server_time() {
	url="http://127.0.0.1:$NTM_PORT$2"
	: >"$TMP/curl.cfg"
	i=0
	while [ $i -lt 20 ]; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$TMP/curl.cfg"
		i=$((i + 1))
	done
	curl -sf -K "$TMP/curl.cfg" || die "warm-up for $2 failed"
	: >"$TMP/curl.cfg"
	i=0
	while [ $i -lt "$SEARCH_N" ]; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$TMP/curl.cfg"
		i=$((i + 1))
	done
	sleep 0.1
	before=$(wc -l <"$LOG")
	curl -sf -K "$TMP/curl.cfg" || die "requests for $2 failed"
	i=0
	while [ "$(wc -l <"$LOG")" -lt $((before + SEARCH_N)) ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	tail -n +"$((before + 1))" "$LOG" | head -n "$SEARCH_N" |
		sed -n 's/.*"status":\([0-9]*\).*"us":\([0-9]*\).*/\1 \2/p' >"$TMP/us.txt"
	[ "$(wc -l <"$TMP/us.txt")" -eq "$SEARCH_N" ] || die "$2: missing log lines"
	[ "$(awk '$1 != 200' "$TMP/us.txt" | wc -l)" -eq 0 ] || die "$2: answers that were not 200"
	hits=$(curl -sf "$url" | sed -n 's/.*"total":\([0-9]*\).*/\1/p' | head -1)
	printf '%s|%s|%s|%s|%s\n' "$1" "${hits:--}" \
		"$(awk '{ print $2 }' "$TMP/us.txt" | percentile 50)" \
		"$(awk '{ print $2 }' "$TMP/us.txt" | percentile 99)" \
		"$(awk '{ print $2 }' "$TMP/us.txt" | sort -n | tail -1)"
}

echo "server time: $SEARCH_N sequential keep-alive requests each, \"us\" of ntm's access log"
: >"$TMP/results.txt"
echo "$QUERIES" | while IFS='|' read -r name path; do
	server_time "$name" "$path" >>"$TMP/results.txt"
	tail -1 "$TMP/results.txt" | awk -F'|' '{ printf "  %-28s %6s hits   median %5s us   p99 %5s us   max %6s us\n", $1, $2, $3, $4, $5 }'
done
WORST=$(awk -F'|' '$4 > m { m = $4 } END { print m + 0 }' "$TMP/results.txt")
MEDIAN=$(awk -F'|' '{ print $3 }' "$TMP/results.txt" | median)
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NTM_PID/status")
echo "ntm VmRSS after the searches: $((RSS_KB / 1024)) MB"
stop_ntm

# ---- 3. the catalog page against nginx ---------------------------------------------
start_ntm "$DB" /dev/null --quiet
BASE=http://127.0.0.1:$NTM_PORT
PAGE=/cho
mkdir -p "$TMP/www"
# Twice: the first answer fills the cache.
curl -sf -o "$TMP/www/cho.html" "$BASE$PAGE" &&
	curl -sf -o "$TMP/www/cho.html" "$BASE$PAGE" || die "GET $PAGE failed"
grep -q 'mkt-card' "$TMP/www/cho.html" || die "$PAGE shows no listing"
BYTES=$(wc -c <"$TMP/www/cho.html")
start_nginx cho.html off
NGX_OFF=$NGX_PORT
start_nginx cho.html on
NGX_ON=$NGX_PORT
U_NTM=$BASE$PAGE
U_OFF=http://127.0.0.1:$NGX_OFF/cho.html
U_ON=http://127.0.0.1:$NGX_ON/cho.html
echo "throughput: wrk -t1 -c32 -d${DURATION}s, $ROUNDS rounds, $BYTES bytes; the bar is the faster nginx of each round"
wrk_warm "$U_NTM"
wrk_warm "$U_OFF"
wrk_warm "$U_ON"
r=1
while [ $r -le "$ROUNDS" ]; do
	if [ $((r % 2)) -eq 1 ]; then
		x_ntm=$(wrk_rps "$U_NTM" "ntm /cho")
		x_off=$(wrk_rps "$U_OFF" "nginx (sendfile off)")
		x_on=$(wrk_rps "$U_ON" "nginx (sendfile on)")
	else
		x_on=$(wrk_rps "$U_ON" "nginx (sendfile on)")
		x_off=$(wrk_rps "$U_OFF" "nginx (sendfile off)")
		x_ntm=$(wrk_rps "$U_NTM" "ntm /cho")
	fi
	x_ngx=$(awk -v a="$x_off" -v b="$x_on" 'BEGIN { print (a > b ? a : b) }')
	ratio "$x_ntm" "$x_ngx" >>"$TMP/cho.ratio"
	echo "$x_ntm" >>"$TMP/cho.ntm"
	echo "$x_ngx" >>"$TMP/cho.ngx"
	printf '  round %d: ntm %7.0f req/s   nginx %7.0f (sendfile off) %7.0f (on)   ratio %s\n' \
		"$r" "$x_ntm" "$x_off" "$x_on" "$(tail -1 "$TMP/cho.ratio")"
	r=$((r + 1))
done
RATIO=$(median <"$TMP/cho.ratio")
NTM_RPS=$(median <"$TMP/cho.ntm")
NGX_RPS=$(median <"$TMP/cho.ngx")
stop_ntm
stop_nginx

met_s=0
[ "$WORST" -lt "$TARGET_US" ] && met_s=1
met_r=$(awk -v r="$RATIO" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? 1 : 0 }')
echo
echo "| figure | measured | target |"
echo "|---|---|---|"
printf "| search, %s listings (%s sell today): median of the queries' medians | %s us | - |\n" "$PRODUCTS" "$SELLING" "$MEDIAN"
printf '| search p99 (worst query) | %s us | < %s us: %s |\n' "$WORST" "$TARGET_US" "$(verdict $met_s)"
printf '| /cho, %s bytes, anonymous, cached | ntm %.0f req/s against nginx %.0f (medians): ratio **%s** (median of %s rounds) | >= %s: %s |\n' \
	"$BYTES" "$NTM_RPS" "$NGX_RPS" "$RATIO" "$ROUNDS" "$TARGET_RATIO" "$(verdict "$met_r")"
echo "load average after: $(load_avg)"
if [ "${BENCH_STRICT:-}" = 1 ] && { [ "$met_s" != 1 ] || [ "$met_r" != 1 ]; }; then
	exit 1
fi
exit 0
