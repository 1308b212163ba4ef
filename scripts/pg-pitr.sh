#!/bin/sh
# pg-pitr.sh - continuous archiving and point-in-time restore on a private
# scripts/pg-cluster.sh cluster: what docs/DEPLOY.md "Backups and restore"
# describes for production, made runnable for the tests.
#
#   scripts/pg-pitr.sh archive    DIR          turn WAL archiving on (into
#                     DIR/archive) and commit durably (fsync, synchronous_commit,
#                     full_page_writes on); restarts the cluster (same port)
#   scripts/pg-pitr.sh basebackup DIR OUT      a base backup (pg_basebackup)
#                                              into OUT/base
#   scripts/pg-pitr.sh switch     DIR          close the current WAL segment and
#                     wait (up to 30 s) until it is archived: what was committed
#                     before is then in DIR/archive
#   scripts/pg-pitr.sh restore    DIR OUT TARGET  a new cluster in OUT/data
#                     from OUT/base, replaying DIR/archive up to TARGET (a restore
#                     point's name from pg_create_restore_point, or a time such
#                     as '2026-12-05 09:10:00+00'), then promoted; started on a
#                     free port; prints its postgresql://ntm@127.0.0.1:PORT
#   scripts/pg-pitr.sh stop       OUT          stop the restored cluster, remove OUT
#
# DIR is a cluster of scripts/pg-cluster.sh (started).  Run as root, every
# PostgreSQL program runs as the cluster's owner (postgres), who must be
# able to reach DIR and OUT (chmod 711 on the way, as pg-cluster.sh says).
set -eu

die() { echo "pg-pitr: $*" >&2; exit 1; }
usage() {
	echo "usage: $0 archive DIR | basebackup DIR OUT | switch DIR | restore DIR OUT TARGET | stop OUT" >&2
	exit 2
}
abs() { case $1 in /*) echo "${1%/}" ;; *) echo "$(pwd)/${1%/}" ;; esac; }

[ $# -ge 2 ] || usage
cmd=$1
HERE=$(cd "$(dirname "$0")" && pwd)

BIN=${PG_BINDIR:-}
if [ -z "$BIN" ]; then
	for b in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -n "$b" ] && [ -x "$b/pg_ctl" ] && [ -x "$b/pg_basebackup" ]; then BIN=$b; break; fi
	done
fi
[ -n "$BIN" ] || die "pg_ctl not found: install postgresql-15 or set PG_BINDIR"
# shellcheck source=scripts/pg-owner.sh
. "$(dirname "$0")/pg-owner.sh"
as_owner() { run_as_owner "$@"; }
psql_at() { psql -X -Atq -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

case $cmd in
archive)
	DIR=$(abs "$2")
	url=$(sh "$HERE/pg-cluster.sh" url "$DIR")
	mkdir -p "$DIR/archive"
	[ -z "$RUNAS" ] || chown "$RUNAS" "$DIR/archive"
	# test ! -f: never overwrite a segment already archived (PostgreSQL's
	# own advice); the copy is made under a temporary name, then renamed.
	psql -X -q -v ON_ERROR_STOP=1 -d "$url/postgres" \
	    -c "ALTER SYSTEM SET wal_level = 'replica'" \
	    -c "ALTER SYSTEM SET max_wal_senders = 4" \
	    -c "ALTER SYSTEM SET archive_mode = 'on'" \
	    -c "ALTER SYSTEM SET archive_command = 'test ! -f $DIR/archive/%f && cp %p $DIR/archive/%f.tmp && mv $DIR/archive/%f.tmp $DIR/archive/%f'" \
	    -c "ALTER SYSTEM SET fsync = on" \
	    -c "ALTER SYSTEM SET synchronous_commit = on" \
	    -c "ALTER SYSTEM SET full_page_writes = on" >/dev/null
	sh "$HERE/pg-cluster.sh" pause "$DIR"
	sh "$HERE/pg-cluster.sh" resume "$DIR"
	[ "$(psql_at "$url/postgres" 'SHOW archive_mode')" = on ] || die "archiving did not turn on"
	;;
basebackup)
	[ $# -eq 3 ] || usage
	DIR=$(abs "$2") OUT=$(abs "$3")
	url=$(sh "$HERE/pg-cluster.sh" url "$DIR")
	port=${url##*:}
	mkdir -p "$OUT"
	chmod 700 "$OUT"
	[ -z "$RUNAS" ] || chown "$RUNAS" "$OUT"
	# -X stream: the WAL the backup needs to be consistent is in it;
	# --checkpoint=fast: do not wait for the next checkpoint.
	as_owner "$BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U ntm -D "$OUT/base" \
	    -X stream --checkpoint=fast --no-sync >/dev/null 2>"$OUT/basebackup.log" ||
	    { cat "$OUT/basebackup.log" >&2; die "pg_basebackup failed"; }
	;;
switch)
	DIR=$(abs "$2")
	url=$(sh "$HERE/pg-cluster.sh" url "$DIR")
	seg=$(psql_at "$url/postgres" "SELECT pg_walfile_name(pg_switch_wal())")
	i=0
	until [ -f "$DIR/archive/$seg" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || die "WAL segment $seg not archived after 30 s"
		sleep 0.1
	done
	;;
restore)
	[ $# -eq 4 ] || usage
	DIR=$(abs "$2") OUT=$(abs "$3") TARGET=$4
	[ -d "$OUT/base" ] || die "no base backup in $OUT (basebackup first)"
	[ ! -e "$OUT/data" ] || die "$OUT/data exists: one restore per OUT"
	as_owner cp -a "$OUT/base" "$OUT/data"
	case $TARGET in
	[0-9]*) target="recovery_target_time = '$TARGET'" ;;
	*) target="recovery_target_name = '$TARGET'" ;;
	esac
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
	as_owner sh -c "cat >> '$OUT/data/postgresql.conf'" <<EOF

# ---- pg-pitr.sh restore ----
restore_command = 'cp $DIR/archive/%f %p'
$target
recovery_target_action = 'promote'
archive_mode = off
wal_level = replica
max_wal_senders = 4
port = $port
unix_socket_directories = ''
EOF
	# postgresql.auto.conf (ALTER SYSTEM) wins over postgresql.conf: the
	# source's archiving and port must not apply to the copy.  Recovery
	# refuses settings below the source's (max_wal_senders): kept above.
	as_owner sh -c ": > '$OUT/data/postgresql.auto.conf'"
	as_owner touch "$OUT/data/recovery.signal"
	as_owner "$BIN/pg_ctl" -D "$OUT/data" -l "$OUT/postgres.log" -w -t 60 start >/dev/null ||
	    { tail -n 20 "$OUT/postgres.log" >&2; die "the restored cluster did not start"; }
	url="postgresql://ntm@127.0.0.1:$port"
	# Recovery ends with the promotion: wait for it (up to 60 s).
	i=0
	until [ "$(psql_at "$url/postgres" 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
		i=$((i + 1))
		[ $i -lt 600 ] || { tail -n 20 "$OUT/postgres.log" >&2; die "recovery did not end"; }
		sleep 0.1
	done
	echo "$url"
	;;
stop)
	OUT=$(abs "$2")
	[ -e "$OUT" ] || exit 0
	if [ -f "$OUT/data/postmaster.pid" ]; then
		as_owner "$BIN/pg_ctl" -D "$OUT/data" -m fast -w -t 30 stop >/dev/null ||
		    as_owner "$BIN/pg_ctl" -D "$OUT/data" -m immediate -w -t 30 stop >/dev/null || true
	fi
	rm -rf "$OUT"
	;;
*)
	usage
	;;
esac
