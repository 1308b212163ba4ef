#!/bin/sh
# pg-cluster.sh - a private, throw-away PostgreSQL 15 cluster for the tests.
#
#   scripts/pg-cluster.sh start  DIR   create (first time) and start it; print
#                                      postgresql://ntm@127.0.0.1:PORT (also
#                                      written to DIR/url).  Idempotent.
#   scripts/pg-cluster.sh stop   DIR   stop it and remove DIR.  Idempotent.
#   scripts/pg-cluster.sh pause  DIR   pg_ctl stop -m fast, keeping DIR (a
#                                      database outage in the middle of a test)
#   scripts/pg-cluster.sh resume DIR   start a paused cluster again, same port
#   scripts/pg-cluster.sh url    DIR   print the URL (exit 1 when not created)
#   scripts/pg-cluster.sh status DIR   exit 0 when it is running
#   scripts/pg-cluster.sh standby DIR PRIMARY_DIR
#                                      a streaming hot standby of the
#                                      cluster in PRIMARY_DIR (pg_basebackup
#                                      -R), started; prints its URL.  The
#                                      primary is switched to wal_level =
#                                      replica first (a restart, once).
#                                      stop/pause/resume/url/status as above.
#
# The cluster lives in DIR/data, listens only on 127.0.0.1 (a free port,
# chosen at creation and kept) and on a unix socket in DIR, and trusts a
# superuser role "ntm" (no password).  It is built for speed, not safety:
# fsync, full_page_writes and synchronous_commit are off.  Run as root, the
# server runs as the unprivileged "postgres" user (or $PG_CLUSTER_USER),
# which owns DIR; PostgreSQL refuses to run as root.
#
# Binaries: $PG_BINDIR, else `pg_config --bindir` when it has initdb, else
# /usr/lib/postgresql/15/bin (Debian's postgresql-15).
set -eu

die() { echo "pg-cluster: $*" >&2; exit 1; }

usage() {
	echo "usage: $0 start|stop|pause|resume|url|status DIR" >&2
	echo "       $0 standby DIR PRIMARY_DIR" >&2
	exit 2
}

cmd=${1:-}
if [ "$cmd" = standby ]; then
	[ $# -eq 3 ] || usage
	case $3 in
	/*) PDIR=${3%/} ;;
	*) PDIR=$(pwd)/${3%/} ;;
	esac
else
	[ $# -eq 2 ] || usage
fi
case $2 in
/*) DIR=$2 ;;
*) DIR=$(pwd)/$2 ;;
esac
DIR=${DIR%/}
DATA=$DIR/data
LOG=$DIR/postgres.log

find_bindir() {
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
		echo "$PG_BINDIR"; return
	fi
	if command -v pg_config >/dev/null 2>&1; then
		b=$(pg_config --bindir 2>/dev/null || true)
		if [ -n "$b" ] && [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ]; then
			echo "$b"; return
		fi
	fi
	for b in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ]; then
			echo "$b"; return
		fi
	done
	die "initdb not found: install postgresql-15 (scripts/install-deps.sh) or set PG_BINDIR"
}

# RUNAS, run_as_owner, pick_port (the servers run as an unprivileged user).
# shellcheck source=scripts/pg-owner.sh
. "$(dirname "$0")/pg-owner.sh"
as_owner() { run_as_owner "$@"; }

is_running() {
	[ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

set_port() {
	# The last setting of a name wins in postgresql.conf.
	echo "port = $1" >> "$DATA/postgresql.conf"
	echo "postgresql://ntm@127.0.0.1:$1" > "$DIR/url"
}

pg_start() {
	# -w: wait until it accepts connections; -t: at most 30 s.
	as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 start >/dev/null
}

# Start; when the chosen port was taken in the meantime, take another.
start_with_retry() {
	n=0
	until pg_start; do
		n=$((n + 1))
		if [ $n -ge 5 ] || ! grep -q 'could not bind\|Address already in use' "$LOG" 2>/dev/null; then
			tail -n 20 "$LOG" >&2 2>/dev/null || true
			die "PostgreSQL did not start (log: $LOG)"
		fi
		set_port "$(pick_port)"
	done
}

create() {
	if [ -d "$DIR" ] && [ ! -f "$DIR/.pg-cluster" ] && [ -n "$(ls -A "$DIR")" ]; then
		die "$DIR exists and is not a pg-cluster.sh directory"
	fi
	mkdir -p "$DIR"
	: > "$DIR/.pg-cluster"
	chmod 700 "$DIR"
	if [ -n "$RUNAS" ]; then
		chown "$RUNAS" "$DIR"
		as_owner test -w "$DIR" ||
		    die "$RUNAS cannot write $DIR (a parent directory is closed to it?); choose a DIR it can reach"
	fi
	# The socket path must fit in sun_path (107 bytes).
	sock=$DIR
	if [ ${#DIR} -gt 90 ]; then
		echo "pg-cluster: $DIR is too long for a unix socket; TCP only" >&2
		sock=""
	fi
	as_owner "$BIN/initdb" -D "$DATA" -U ntm --auth=trust -E UTF8 --locale=C.UTF-8 \
	    --no-sync --no-instructions >"$DIR/initdb.log" 2>&1 || {
		cat "$DIR/initdb.log" >&2
		die "initdb failed"
	}
	cat >> "$DATA/postgresql.conf" <<EOF

# ---- pg-cluster.sh: a private test cluster ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
max_connections = 300
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 30min
max_wal_size = 1GB
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
EOF
	set_port "$(pick_port)"
}

# A hot standby of the cluster in $PDIR: the primary gets replication
# (wal_level = replica needs a restart, done once), DIR gets a base
# backup with -R (standby.signal and primary_conninfo written by
# pg_basebackup), a port of its own, and starts streaming.
standby() {
	[ -f "$PDIR/data/PG_VERSION" ] || die "no cluster in $PDIR (start it first)"
	if ! grep -q '^# ---- pg-cluster.sh: replication' "$PDIR/data/postgresql.conf"; then
		cat >> "$PDIR/data/postgresql.conf" <<EOF
# ---- pg-cluster.sh: replication (a standby was made) ----
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
EOF
		if as_owner "$BIN/pg_ctl" -D "$PDIR/data" status >/dev/null 2>&1; then
			as_owner "$BIN/pg_ctl" -D "$PDIR/data" -l "$PDIR/postgres.log" \
			    -m fast -w -t 30 restart >/dev/null ||
			    die "the primary did not restart (log: $PDIR/postgres.log)"
		fi
	fi
	as_owner "$BIN/pg_ctl" -D "$PDIR/data" status >/dev/null 2>&1 ||
	    die "the primary in $PDIR is not running"
	purl=$(cat "$PDIR/url")
	if [ ! -f "$DATA/PG_VERSION" ]; then
		if [ -d "$DIR" ] && [ ! -f "$DIR/.pg-cluster" ] && [ -n "$(ls -A "$DIR")" ]; then
			die "$DIR exists and is not a pg-cluster.sh directory"
		fi
		mkdir -p "$DIR"
		: > "$DIR/.pg-cluster"
		chmod 700 "$DIR"
		[ -z "$RUNAS" ] || chown "$RUNAS" "$DIR"
		# -X stream: the WAL of the copy comes with it; -R: standby.signal
		# and primary_conninfo, so it follows the primary at start.
		as_owner "$BIN/pg_basebackup" -d "$purl/postgres" -D "$DATA" -R \
		    -X stream -c fast --no-sync >"$DIR/basebackup.log" 2>&1 || {
			cat "$DIR/basebackup.log" >&2
			die "pg_basebackup failed"
		}
		sock=$DIR
		[ ${#DIR} -le 90 ] || sock=""
		cat >> "$DATA/postgresql.conf" <<EOF
# ---- pg-cluster.sh: a hot standby of $PDIR ----
unix_socket_directories = '$sock'
hot_standby = on
hot_standby_feedback = on
EOF
		set_port "$(pick_port)"
	fi
	is_running || start_with_retry
	cat "$DIR/url"
}

case $cmd in
standby)
	BIN=$(find_bindir)
	standby
	;;
start)
	BIN=$(find_bindir)
	[ -f "$DATA/PG_VERSION" ] || create
	[ -f "$DIR/url" ] || die "$DIR/url missing: remove $DIR and start again"
	is_running || start_with_retry
	cat "$DIR/url"
	;;
resume)
	BIN=$(find_bindir)
	[ -f "$DATA/PG_VERSION" ] || die "no cluster in $DIR"
	is_running || start_with_retry
	;;
pause)
	BIN=$(find_bindir)
	[ -f "$DATA/PG_VERSION" ] || die "no cluster in $DIR"
	if is_running; then
		as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null
	fi
	;;
stop)
	[ -e "$DIR" ] || exit 0
	[ -f "$DIR/.pg-cluster" ] || die "$DIR is not a pg-cluster.sh directory; not removing it"
	if [ -f "$DATA/PG_VERSION" ]; then
		BIN=$(find_bindir)
		if is_running; then
			as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null ||
			    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null || true
		fi
	fi
	rm -rf "$DIR"
	;;
url)
	[ -f "$DIR/url" ] || die "no cluster in $DIR"
	cat "$DIR/url"
	;;
status)
	BIN=$(find_bindir)
	is_running
	;;
*)
	usage
	;;
esac
