#!/bin/sh
# bench/webhooks.sh - webhook deliveries per second from the outbox to a
# receiving system on 127.0.0.1 (docs/EXCHANGE.md sections 4 and 7).
#
#   sh bench/webhooks.sh   (after make)
#
# 1. `ntm init` on a fresh SQLite file, one subscription (http to
#    127.0.0.1, the operator allowing both) and BENCH_ITEMS deliveries
#    queued in the outbox, as the fan-out queues them (one change each).
# 2. A node receiver (bench/webhooks_receiver.js) that checks every
#    signature and timestamp and answers 200.
# 3. `ntm outbox run --max 500` (the batch of `ntm serve`'s sender) until
#    the outbox is empty: the signed POSTs go out through libcurl's multi
#    interface, connections kept alive; the time of the whole drain,
#    claiming and recording included, gives deliveries per second.
#    Every delivery must have reached the receiver with a good signature.
# Target (issue 20): >= 1,000 deliveries a second.
#
# Loopback only, a few seconds.  Builds nothing: expects build/ntm.  Needs
# node and sqlite3.  Exit status 0 when the run completed, whatever the
# figure; with BENCH_STRICT=1, 1 when the target is missed.
#
# Env: NTM_BIN (default build/ntm), BENCH_ITEMS (default 20000),
#      BENCH_KEEP=1 (keep the temporary directory).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
NTM=${NTM_BIN:-build/ntm}
ITEMS=${BENCH_ITEMS:-20000}
SECRET=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
TMP=$(mktemp -d /tmp/ntm-bench-webhooks.XXXXXX)
RX_PID=
cleanup() {
	stop_pid "$RX_PID"
	[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
die() { echo "bench/webhooks.sh: $*" >&2; exit 2; }
[ -x "$NTM" ] || die "no $NTM: run make first"

DB=$TMP/bench.db
"$NTM" init --db "$DB" >/dev/null 2>&1 || die "ntm init failed"
node bench/webhooks_receiver.js "$SECRET" > "$TMP/rx.out" 2>"$TMP/rx.err" &
RX_PID=$!
i=0
while [ ! -s "$TMP/rx.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
URL=$(head -n 1 "$TMP/rx.out")
[ -n "$URL" ] || die "the receiver did not start: $(cat "$TMP/rx.err")"

# The subscription (its owner: the first account) and the queued items.
sqlite3 "$DB" <<SQL || die "queueing failed"
INSERT INTO app_user (username, full_name, password_hash, created_at)
SELECT 'bench-webhooks', 'Bench', 'x', '2026-01-01T00:00:00Z'
WHERE NOT EXISTS (SELECT 1 FROM app_user);
INSERT INTO webhook_sub (owner_id, structure, code, url, kinds, state, secret,
    feed_cursor, created_at)
SELECT MIN(id), '2025', 'VN', '$URL', '', 'active', '$SECRET', 0,
    '2026-01-01T00:00:00Z' FROM app_user;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ITEMS)
INSERT INTO outbox (channel, key, target, payload, state, attempts, next_at,
    claimed_until, created_at)
SELECT 'webhook', 'bench:' || i, (SELECT MAX(id) FROM webhook_sub),
    '{"seq":' || i || ',"kind":"unit","unit":{"structure":"2025","code":"VN","name":"Việt Nam"},"id":0,"at":"2026-01-01T00:00:00Z","href":"/api/v1/units/2025/VN"}',
    'queued', 0, 0, 0, '2026-01-01T00:00:00Z'
FROM n;
SQL

export NTM_WEBHOOK_ALLOW_PRIVATE=1 NTM_WEBHOOK_ALLOW_HTTP=127.0.0.1
T0=$(now_ns)
rounds=0
while :; do
	out=$("$NTM" outbox run --db "$DB" --max 500 --rounds 10) || die "ntm outbox run: $out"
	rounds=$((rounds + 10))
	left=$(sqlite3 "$DB" "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
	[ "$left" = 0 ] && break
	[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND state <> 'sent'")" = 0 ] ||
		die "deliveries failed: $(sqlite3 "$DB" "SELECT last_error FROM outbox WHERE last_error IS NOT NULL LIMIT 1")"
	[ $rounds -lt $((ITEMS / 50 + 100)) ] || die "the outbox did not drain"
done
T1=$(now_ns)
stop_pid "$RX_PID"
RX_PID=
got=$(tail -n 1 "$TMP/rx.out")
S=$(elapsed_s "$T0" "$T1")
RATE=$(awk -v n="$ITEMS" -v s="$S" 'BEGIN { printf "%.0f", n / s }')
echo "receiver: $got"
echo "$got" | grep -q "\"delivered\":$ITEMS,\"bad\":0" || die "not every delivery arrived signed: $got"
echo "webhook deliveries: $ITEMS in $S s = $RATE deliveries/s (target >= 1000: $(verdict "$(awk -v r="$RATE" 'BEGIN { print (r >= 1000) ? 1 : 0 }')"))"
if [ "${BENCH_STRICT:-}" = 1 ] && [ "$RATE" -lt 1000 ]; then exit 1; fi
exit 0
