#!/bin/sh
# pgbouncer.sh - a private pgbouncer in transaction pooling mode, in front of
# a PostgreSQL server, for the tests and the benchmark.
#
#   scripts/pgbouncer.sh start  DIR PG_URL  start it (first time: write its
#                                            configuration); print
#                                            postgresql://ntm@127.0.0.1:PORT
#                                            (also in DIR/url).  Idempotent.
#   scripts/pgbouncer.sh stop   DIR         stop it and remove DIR.  Idempotent.
#   scripts/pgbouncer.sh url    DIR         print the URL (exit 1 when absent)
#
# PG_URL is a server as scripts/pg-cluster.sh prints it
# (postgresql://USER@HOST:PORT, no password: the test clusters trust their
# users).  Every database of that server is reachable through the pooler
# under its own name (a "*" entry), as user USER, with pool_mode =
# transaction: a server connection is lent for one transaction only, so
# ntm must run with NTM_PG_STATEMENTS=unnamed there (docs/DEPLOY.md,
# "Connection pooling").  $PGBOUNCER_POOL_SIZE (default 20) is the number of
# server connections per database (a test sets 2 so that its clients' many
# transactions share few server connections).  Run as root, pgbouncer (which refuses root) runs
# as the "postgres" user (or $PG_CLUSTER_USER), which owns DIR.
set -eu

die() { echo "pgbouncer.sh: $*" >&2; exit 1; }

usage() {
	echo "usage: $0 start DIR PG_URL | stop DIR | url DIR" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
case $2 in
/*) DIR=$2 ;;
*) DIR=$(pwd)/$2 ;;
esac
DIR=${DIR%/}
PGB=${PGBOUNCER:-/usr/sbin/pgbouncer}

# RUNAS, run_as_owner, pick_port (pgbouncer refuses to run as root).
# shellcheck source=scripts/pg-owner.sh
. "$(dirname "$0")/pg-owner.sh"
as_owner() { run_as_owner "$@"; }

is_running() {
	[ -f "$DIR/pgbouncer.pid" ] && kill -0 "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null
}

create() {
	url=$1
	rest=${url#postgresql://}
	[ "$rest" != "$url" ] || rest=${url#postgres://}
	[ "$rest" != "$url" ] || die "PG_URL must start with postgresql://"
	rest=${rest%%/*}
	case $rest in
	*@*) user=${rest%@*}; hostport=${rest#*@} ;;
	*) user=ntm; hostport=$rest ;;
	esac
	case $user in *:*) die "PG_URL must not carry a password" ;; esac
	host=${hostport%:*}
	port=${hostport##*:}
	[ "$port" != "$hostport" ] || port=5432
	if [ -d "$DIR" ] && [ ! -f "$DIR/.pgbouncer" ] && [ -n "$(ls -A "$DIR")" ]; then
		die "$DIR exists and is not a pgbouncer.sh directory"
	fi
	mkdir -p "$DIR"
	: > "$DIR/.pgbouncer"
	chmod 700 "$DIR"
	printf '"%s" ""\n' "$user" > "$DIR/userlist.txt"
	lport=$(pick_port)
	cat > "$DIR/pgbouncer.ini" <<EOF
; pgbouncer.sh: a private pooler in transaction mode
[databases]
* = host=$host port=$port user=$user

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $lport
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = ${PGBOUNCER_POOL_SIZE:-20}
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
log_connections = 0
log_disconnections = 0
EOF
	echo "postgresql://$user@127.0.0.1:$lport" > "$DIR/url"
	[ -z "$RUNAS" ] || chown -R "$RUNAS" "$DIR"
}

case $cmd in
start)
	[ $# -eq 3 ] || usage
	[ -x "$PGB" ] || die "$PGB not found: install pgbouncer (scripts/install-deps.sh)"
	[ -f "$DIR/pgbouncer.ini" ] || create "$3"
	if ! is_running; then
		as_owner "$PGB" -d -q "$DIR/pgbouncer.ini" ||
		    { tail -n 20 "$DIR/pgbouncer.log" >&2 2>/dev/null; die "pgbouncer did not start"; }
		# -d returns once it forked; wait for the port (at most 10 s).
		port=$(sed -n 's/^listen_port = //p' "$DIR/pgbouncer.ini")
		hex=$(printf '%04X' "$port")
		i=0
		until awk -v h=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { f = 1 } END { exit !f }' /proc/net/tcp; do
			i=$((i + 1))
			[ $i -lt 100 ] || { tail -n 20 "$DIR/pgbouncer.log" >&2 2>/dev/null; die "pgbouncer does not listen on $port"; }
			sleep 0.1
		done
	fi
	cat "$DIR/url"
	;;
stop)
	[ -e "$DIR" ] || exit 0
	[ -f "$DIR/.pgbouncer" ] || die "$DIR is not a pgbouncer.sh directory; not removing it"
	if is_running; then
		pid=$(cat "$DIR/pgbouncer.pid")
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -rf "$DIR"
	;;
url)
	[ -f "$DIR/url" ] || die "no pgbouncer in $DIR"
	cat "$DIR/url"
	;;
*)
	usage
	;;
esac
