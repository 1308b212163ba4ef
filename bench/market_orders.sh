#!/bin/sh
# bench/market_orders.sh - durable marketplace orders per second (issue 17;
# docs/MARKET.md section 5): 64 concurrent buyers checking out on SQLite
# (WAL, synchronous=FULL, as `ntm serve` opens its file).
#
#   sh bench/market_orders.sh        (after make; about a minute)
#
# 0. `ntm demo` into a fresh SQLite file; a shop (COD), a rule shipping to
#    every province and one listing with BENCH_STOCK (10,000,000) units are
#    written with sqlite3 for a demo product whose certificate is valid
#    today.
# 1. `ntm serve` (the checkouts' group commit on, as always in serve); wrk -t2 -c64 for BENCH_DURATION
#    (10) s, every request POST /api/v1/market/checkout of one unit by a
#    buyer of Xã Sóc Sơn (one transaction: the stock, the order, its line,
#    its workflow instance and event, two audit entries).
# 2. The server is stopped; the orders counted in the database (each one
#    acknowledged only after its commit) divided by wrk's duration is the
#    figure: durable orders/s.  The stock must add up (left + ordered =
#    BENCH_STOCK) and no answer may be other than 200 or a 503 "busy".
# BENCH_THREADS: the server's threads (default: its own, four per core);
# the group commit's batches hold at most one checkout per thread.
# Target: >= 2,000 orders/s.  PostgreSQL is not measured here yet.
# Loopback only, bounded by time.  Builds nothing.  Needs wrk, curl, sqlite3.
# Exit status: 0 when the run completed (BENCH_STRICT=1: 1 when the target
# is missed), 1 when the stock does not add up, 2 when it could not run.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
NTM=${NTM_BIN:-$ROOT/build/ntm}
DURATION=${BENCH_DURATION:-10}
STOCK=${BENCH_STOCK:-10000000}
. "$ROOT/bench/lib.sh"

die() { echo "bench: $*" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || die "wrk not installed"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not installed"
[ -x "$NTM" ] || die "no $NTM (make first)"
bench_tmp ntm-bench-orders
DB=$TMP/ntm.db

"$NTM" demo --db "$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; die "ntm demo failed"; }
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ROW=$(sqlite3 "$DB" "SELECT p.id, p.producer_id FROM ocop_product p
	JOIN ocop_certificate c ON c.product_id = p.id
	WHERE c.revoked_on IS NULL AND c.expires_on > date('now')
	  AND p.structure = '2025' LIMIT 1;")
[ -n "$ROW" ] || die "the demo holds no certified product"
PRODUCT=${ROW%%|*}
PRODUCER=${ROW##*|}
sqlite3 "$DB" "INSERT OR IGNORE INTO market_shop (producer_id, intro, accepts_cod,
	accepts_transfer, created_at, updated_at) VALUES ($PRODUCER, 'bench', 1, 0, '$NOW', '$NOW');
	DELETE FROM market_shipping_rule WHERE producer_id = $PRODUCER;
	INSERT INTO market_shipping_rule (producer_id, province_code, first_grams, first_fee_vnd,
	step_grams, step_fee_vnd, created_at, updated_at) VALUES ($PRODUCER, NULL, 1000, 30000, 500,
	5000, '$NOW', '$NOW');
	INSERT INTO market_listing (product_id, producer_id, variant, unit_name, price_vnd, stock,
	weight_grams, status, structure, code, province_code, created_at, updated_at)
	SELECT id, producer_id, 'bench', 'hộp', 100000, $STOCK, 500, 'active', structure, code,
	(SELECT parent_code FROM unit u WHERE u.structure = p.structure AND u.code = p.code),
	'$NOW', '$NOW' FROM ocop_product p WHERE id = $PRODUCT;"
LISTING=$(sqlite3 "$DB" "SELECT MAX(id) FROM market_listing;")
BEFORE=$(sqlite3 "$DB" "SELECT COUNT(*) FROM market_order;")

cat >"$TMP/checkout.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"lines":[{"listing_id":$LISTING,"quantity":1,"price_vnd":100000}],' ..
  '"buyer":{"name":"Người mua thử","phone":"0912345678","address":"Thôn 1","commune":"2025:00376"}}'
LUA

: >"$TMP/ntm.err"
"$NTM" serve --db "$DB" --listen 127.0.0.1:0 --quiet ${BENCH_THREADS:+--threads "$BENCH_THREADS"} \
	>"$TMP/ntm.log" 2>"$TMP/ntm.err" &
NTM_PID=$!
NTM_PORT=$(ntm_port "$NTM_PID" "$TMP/ntm.err") || die "ntm serve did not start"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
	--data "{\"lines\":[{\"listing_id\":$LISTING,\"quantity\":1,\"price_vnd\":100000}],\"buyer\":{\"name\":\"x\",\"phone\":\"0912345678\",\"address\":\"x\",\"commune\":\"2025:00376\"}}" \
	"http://127.0.0.1:$NTM_PORT/api/v1/market/checkout" || die "one checkout failed"
T0=$(now_ns)
wrk -t2 -c64 -d"${DURATION}s" --timeout 30s -s "$TMP/checkout.lua" \
	"http://127.0.0.1:$NTM_PORT/api/v1/market/checkout" >"$TMP/wrk.out" 2>&1 ||
	{ cat "$TMP/wrk.out" >&2; ntm_check; die "wrk failed"; }
T1=$(now_ns)
stop_ntm
cat "$TMP/wrk.out"
AFTER=$(sqlite3 "$DB" "SELECT COUNT(*) FROM market_order;")
LEFT=$(sqlite3 "$DB" "SELECT stock FROM market_listing WHERE id = $LISTING;")
TAKEN=$(sqlite3 "$DB" "SELECT COALESCE(SUM(quantity), 0) FROM market_order_line WHERE listing_id = $LISTING;")
STORED=$((AFTER - BEFORE - 1))
# Acknowledged within wrk's time: its answers, less any that were not 2xx
# (the orders of the requests still in flight at the end are stored too).
ANSWERS=$(awk '/requests in/ { print $1 }' "$TMP/wrk.out")
BAD=$(awk '/Non-2xx/ { print $NF }' "$TMP/wrk.out")
ORDERS=$((ANSWERS - ${BAD:-0}))
SECS=$(awk '/requests in/ { sub(/s,/, "", $4); print $4 }' "$TMP/wrk.out")
[ -n "$SECS" ] || SECS=$(elapsed_s "$T0" "$T1")
RATE=$(awk -v n="$ORDERS" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
echo "orders stored: $STORED (acknowledged in the run: $ORDERS; load average $(load_avg))"
[ "$STORED" -ge "$ORDERS" ] || { echo "bench: fewer orders stored than acknowledged" >&2; exit 1; }
MET=$(awk -v r="$RATE" 'BEGIN { print (r >= 2000) ? 1 : 0 }')
echo "sqlite, 64 buyers: $ORDERS durable orders in ${SECS}s = $RATE orders/s (target 2,000: $(verdict "$MET"))"
if [ $((LEFT + TAKEN)) -ne "$STOCK" ]; then
	echo "bench: the stock does not add up: $LEFT left + $TAKEN ordered != $STOCK" >&2
	exit 1
fi
echo "stock adds up: $LEFT left + $TAKEN ordered = $STOCK"
if [ -n "${BENCH_STRICT:-}" ] && [ "$MET" != 1 ]; then exit 1; fi
exit 0
