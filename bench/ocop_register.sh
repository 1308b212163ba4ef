#!/bin/sh
# bench/ocop_register.sh - the public OCOP register at scale (docs/OCOP.md
# section 7): 20,000 certified products across every province of the 2025
# structure, and the server time of register searches and of the
# statistics.
#
# 1. `ntm init` on a fresh file (the real units), then BENCH_PRODUCTS
#    (20,000) products with a certificate each, written as rows by the
#    sqlite3 shell in one transaction.  Why SQL and not `ntm demo`: the
#    register reads only the tables (product, producer, certificate,
#    unit), so rows with the same shape are all it needs, and they are
#    written in about a second; recording 20,000 certificates through
#    ocop_certificate_record (the workflow step, history, the audit chain,
#    one transaction each) would take minutes and measure the writes, not
#    the register.  Five products a producer, producers spread over the
#    communes of every province; 16 kinds of product x 8 qualifiers x the
#    commune's name; 3-5 stars (5 stars central); issue dates spread over
#    the last 1,200 days, so about one in eleven is expired today; one in
#    fifty revoked.
# 2. `ntm serve --threads 1`; for each query of QUERIES, BENCH_SEARCH_N
#    (2000) sequential keep-alive requests after 20 not counted (the first
#    request builds the register's copy in memory); median and p99 of the
#    "us" field of ntm's access log (time inside the server).  Target: p99
#    < 5000 us.  Then ntm's VmRSS (the copy in memory).
#
# Needs sqlite3 and curl.  Exit status 0 when the run completed, whatever
# the figures; BENCH_STRICT=1 makes a missed target exit 1.  Settings:
# NTM_BIN, BENCH_PRODUCTS, BENCH_SEARCH_N, BENCH_KEEP=1.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
PRODUCTS=${BENCH_PRODUCTS:-20000}
SEARCH_N=${BENCH_SEARCH_N:-2000}
TARGET_US=5000
# name|query: what a visitor types or picks (a page of 20, the default)
QUERIES='first page (no filter)|/api/v1/ocop/register
mat ong (~1,100 hits)|/api/v1/ocop/register?q=mat+ong
che (prefix, ~1,100)|/api/v1/ocop/register?q=che
nuoc mam thuong hang|/api/v1/ocop/register?q=nuoc+mam+thuong+hang
t (one letter)|/api/v1/ocop/register?q=t
ha noi (place words)|/api/v1/ocop/register?q=ha+noi
Hà Nội, 4 stars|/api/v1/ocop/register?province=01&stars=4
group 3, page 10|/api/v1/ocop/register?group=3&offset=180
statistics|/api/v1/ocop/statistics
register page (HTML)|/ocop/register?q=mat+ong'

die() { echo "bench: $*" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[ -x "$NTM" ] || die "$NTM not found or not executable: run 'make' first"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not installed (apt-get install sqlite3)"
command -v curl >/dev/null 2>&1 || die "curl not installed (apt-get install curl)"
bench_tmp ntm-bench-ocop

echo "== ntm bench ocop register: $(date -u '+%Y-%m-%d %H:%M:%SZ'), $(nproc) cores, $("$NTM" version 2>/dev/null | head -1)"
echo "load average before: $(load_avg)"

# ---- 1. the database ----------------------------------------------------------
DB=$TMP/reg.db
"$NTM" init --db "$DB" >/dev/null 2>"$TMP/init.err" ||
	{ cat "$TMP/init.err" >&2; die "ntm init failed"; }
t0=$(now_ns)
sqlite3 "$DB" >"$TMP/sql.out" 2>&1 <<SQL || { cat "$TMP/sql.out" >&2; die "the products were not written"; }
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
    'Sản phẩm mẫu của bench/ocop_register.sh', '2025', p.code, 'certified',
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
COMMIT;
SELECT COUNT(*) FROM ocop_certificate;
SQL
t1=$(now_ns)
echo "written: $(tail -1 "$TMP/sql.out") certified products in $(elapsed_s "$t0" "$t1") s"

# ---- 2. server time -----------------------------------------------------------
LOG=$TMP/access.log
start_ntm "$DB" "$LOG"
t0=$(now_ns)
curl -sf -o /dev/null "http://127.0.0.1:$NTM_PORT/api/v1/ocop/register" || die "the register did not answer"
t1=$(now_ns)
echo "first request (reads the register into memory): $(elapsed_s "$t0" "$t1") s"
IN_REGISTER=$(curl -sf "http://127.0.0.1:$NTM_PORT/api/v1/ocop/register?limit=1" |
	sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "in the register today: $IN_REGISTER"

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
WORST=0
: >"$TMP/results.txt"
echo "$QUERIES" | while IFS='|' read -r name path; do
	server_time "$name" "$path" >>"$TMP/results.txt"
	tail -1 "$TMP/results.txt" | awk -F'|' '{ printf "  %-26s %6s hits   median %5s us   p99 %5s us   max %6s us\n", $1, $2, $3, $4, $5 }'
done
WORST=$(awk -F'|' '$4 > m { m = $4 } END { print m + 0 }' "$TMP/results.txt")
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NTM_PID/status")
echo "ntm VmRSS after the searches: $((RSS_KB / 1024)) MB"
stop_ntm

met=0
[ "$WORST" -lt "$TARGET_US" ] && met=1
echo
echo "== summary"
echo "register search p99 (worst query): $WORST us (target < $TARGET_US: $(verdict $met))"
if [ "$met" = 0 ] && [ -n "${BENCH_STRICT:-}" ]; then
	exit 1
fi
exit 0
