#!/bin/sh
# pg-formation.sh - a private, throw-away pg_auto_failover formation for the
# tests and bench/failover.sh: a monitor, a primary and a synchronous
# standby, each a PostgreSQL 15 server kept by its own `pg_autoctl run`.
#
#   scripts/pg-formation.sh start  DIR   create (first time) and start every
#                                        node not running; wait until the
#                                        formation has a primary and a
#                                        secondary; print the multi-host URL
#                                        (also in DIR/url).  Idempotent: after
#                                        kill-primary it brings the killed node
#                                        back (it rejoins as the standby).
#   scripts/pg-formation.sh stop   DIR   stop every node, remove DIR.  Idempotent.
#   scripts/pg-formation.sh url    DIR   print the URL (exit 1 when not created)
#   scripts/pg-formation.sh status DIR   the monitor's view; exit 0 when it has a
#                                        primary and a secondary
#   scripts/pg-formation.sh primary DIR  print the name of the primary node
#   scripts/pg-formation.sh kill-primary DIR
#                                        kill -9 the primary node whole: its
#                                        pg_autoctl and every postgres process
#                                        (a server that died; its keeper cannot
#                                        restart it); print its name
#   scripts/pg-formation.sh wait   DIR [SECONDS]
#                                        wait (default 120 s) for a primary and
#                                        a secondary that is in sync
#
# The URL is postgresql://ntm@127.0.0.1:P1,127.0.0.1:P2/ntm?target_session_attrs=read-write:
# libpq tries both nodes and keeps the one that accepts writes.  Role "ntm"
# is a superuser trusted without password, as in pg-cluster.sh.
#
# Replication is as the formation sets it: the standby is in the write
# quorum (replication-quorum true, number_sync_standbys 0 with one standby
# means synchronous_standby_names names it), synchronous_commit on, so a
# commit is acknowledged only once the standby has it.  When the primary
# dies the monitor promotes the standby, which then accepts writes alone
# (wait_primary) until the old node rejoins.
#
# Detection is tuned for a test on one machine (DIR/monitor's
# postgresql.conf, see MONITOR_GUCS below; the nodes' pg_autoctl.cfg timeouts
# in tune_node): the monitor probes every node each second and declares one
# unhealthy after 2 s without an answer.  DEPLOY.md ("Automatic failover")
# says what to choose on real servers.
#
# pg_autoctl keeps its config and state under XDG_CONFIG_HOME/XDG_DATA_HOME,
# set to DIR/xdg here, so nothing is left in the postgres user's home.  Run
# as root, everything runs as "postgres" (or $PG_CLUSTER_USER), which owns
# DIR (PostgreSQL refuses to run as root).
set -eu

die() { echo "pg-formation: $*" >&2; exit 1; }

usage() {
	echo "usage: $0 start|stop|url|status|primary|kill-primary|wait DIR [SECONDS]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
case $2 in
/*) DIR=$2 ;;
*) DIR=$(pwd)/$2 ;;
esac
DIR=${DIR%/}
NODES="node1 node2"

find_bindir() {
	if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
		echo "$PG_BINDIR"; return
	fi
	for b in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -x "$b/pg_ctl" ] && [ -x "$b/psql" ]; then
			echo "$b"; return
		fi
	done
	die "pg_ctl not found: install postgresql-15 (scripts/install-deps.sh) or set PG_BINDIR"
}

command -v pg_autoctl >/dev/null 2>&1 ||
    die "pg_autoctl not found: install pg-auto-failover-cli and postgresql-15-auto-failover (scripts/install-deps.sh)"

# RUNAS, run_as_owner, pick_port (PostgreSQL refuses to run as root).
# shellcheck source=scripts/pg-owner.sh
. "$(dirname "$0")/pg-owner.sh"

# Run a command as the formation's owner, with pg_autoctl's files in DIR.
as_owner() {
	run_as_owner env PATH="$BIN:$PATH" XDG_CONFIG_HOME="$DIR/xdg/config" \
	    XDG_DATA_HOME="$DIR/xdg/data" XDG_RUNTIME_DIR="$DIR/xdg/run" "$@"
}

# pick_port also avoids the ports given to DIR's other nodes.
ports_reserved() { cat "$DIR"/*.port 2>/dev/null || true; }

monitor_url() { echo "postgresql://autoctl_node@127.0.0.1:$(cat "$DIR/monitor.port")/pg_auto_failover?sslmode=disable"; }

# The keeper of NAME is running (its pid file names a live process).
running() {
	[ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null
}

# Start `pg_autoctl ARGS...` for NAME in its own session (setsid), so that
# kill-primary can kill the node's keeper and postgres as one group.
launch() {
	name=$1
	shift
	: >> "$DIR/$name.log"
	[ -z "$RUNAS" ] || chown "$RUNAS" "$DIR/$name.log"
	# exec first: a redirection of the call alone would leave this
	# subshell holding the caller's stdout (dash saves it), and
	# URL=$(pg-formation.sh start) would never see its end.
	(exec < /dev/null > /dev/null 2>&1
	# shellcheck disable=SC2016  # $$, $0 and $@ are the inner shell's
	as_owner setsid sh -c 'echo $$ > "$0.pid"; exec "$@" >> "$0.log" 2>&1' \
	    "$DIR/$name" "$@") &
	n=0
	while [ ! -s "$DIR/$name.pid" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
}

# The monitor's detection settings (milliseconds): probe each node every
# second, give up on one after 1 s, retry once after 0.5 s, declare it
# unhealthy after 2 s; the standby is promoted 2 s after that (the time the
# old primary has to demote itself, below).  The defaults (5 s, 5 s, 2,
# 2 s, 20 s, 30 s) suit real networks.
MONITOR_GUCS="
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 2000
pgautofailover.primary_demote_timeout = 2000
pgautofailover.startup_grace_period = 2000
"

# The keeper's timeouts (seconds; defaults 20, 30, 5): a primary cut off
# from the monitor and its standby demotes itself after 1 s; a standby
# catching up is promoted without waiting for its WAL receiver.
tune_node() {
	as_owner pg_autoctl config set --pgdata "$DIR/$1" timeout.network_partition_timeout 1 >/dev/null
	as_owner pg_autoctl config set --pgdata "$DIR/$1" timeout.prepare_promotion_walreceiver 1 >/dev/null
	as_owner pg_autoctl config set --pgdata "$DIR/$1" timeout.prepare_promotion_catchup 10 >/dev/null
}

create_monitor() {
	port=$(pick_port)
	echo "$port" > "$DIR/monitor.port"
	as_owner pg_autoctl create monitor --pgdata "$DIR/monitor" \
	    --pgctl "$BIN/pg_ctl" --pgport "$port" --hostname 127.0.0.1 \
	    --auth trust --no-ssl >> "$DIR/monitor.log" 2>&1 ||
	    { tail -n 20 "$DIR/monitor.log" >&2; die "pg_autoctl create monitor failed"; }
	printf '%s\n' "$MONITOR_GUCS" >> "$DIR/monitor/postgresql.conf"
}

create_node() {
	port=$(pick_port)
	echo "$port" > "$DIR/$1.port"
	as_owner pg_autoctl create postgres --pgdata "$DIR/$1" --name "$1" \
	    --pgctl "$BIN/pg_ctl" --pgport "$port" --hostname 127.0.0.1 \
	    --dbname ntm --monitor "$(monitor_url)" --auth trust --no-ssl \
	    >> "$DIR/$1.log" 2>&1 ||
	    { tail -n 20 "$DIR/$1.log" >&2; die "pg_autoctl create postgres $1 failed"; }
	tune_node "$1"
}

# The monitor's state lines: "name|port|reported state|assigned state".
states() {
	as_owner "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$(cat "$DIR/monitor.port")" \
	    -U autoctl_node -d pg_auto_failover -c \
	    "SELECT nodename, nodeport, reportedstate, goalstate, reportedlsn FROM pgautofailover.node ORDER BY nodeid" 2>/dev/null
}

primary_name() {
	states | awk -F'|' '($3 == "primary" || $3 == "wait_primary" || $3 == "single") && $3 == $4 { print $1; exit }'
}

# A primary and a secondary, both where the monitor wants them.
healthy() {
	s=$(states) || return 1
	printf '%s\n' "$s" | grep -q '|primary|primary|' &&
	    printf '%s\n' "$s" | grep -q '|secondary|secondary|'
}

wait_healthy() {
	limit=$(( $1 * 10 ))
	n=0
	until healthy; do
		n=$((n + 1))
		if [ $n -ge "$limit" ]; then
			states >&2 || true
			die "no primary and secondary after $1 s (logs: $DIR/*.log)"
		fi
		sleep 0.1
	done
}

write_url() {
	echo "postgresql://ntm@127.0.0.1:$(cat "$DIR/node1.port"),127.0.0.1:$(cat "$DIR/node2.port")/ntm?target_session_attrs=read-write" > "$DIR/url"
}

# The role ntm, once, on the primary (it replicates to the standby); the
# node's postgres may still be starting under its keeper: up to 60 s.
create_role() {
	p=$(primary_name)
	n=0
	until as_owner "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$(cat "$DIR/$p.port")" \
	    -U "$RUNAS_DB" -d ntm -c \
	    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ntm') THEN CREATE ROLE ntm SUPERUSER LOGIN; END IF; END\$\$; ALTER DATABASE ntm OWNER TO ntm" \
	    >/dev/null 2>"$DIR/role.err"; do
		n=$((n + 1))
		[ $n -lt 120 ] || { cat "$DIR/role.err" >&2; die "could not create the role ntm"; }
		sleep 0.5
	done
}

# Kill every process of node NAME with signal number SIG: its keeper's
# process group (the keeper, its services, postgres and its backends) and
# the postmaster the data directory names.  (dash's kill takes "-9 -PGID",
# not "-KILL -- -PGID".)
kill_node() {
	if [ -f "$DIR/$1.pid" ]; then
		kill "-$2" "-$(cat "$DIR/$1.pid")" 2>/dev/null || true
	fi
	if [ -f "$DIR/$1/postmaster.pid" ]; then
		kill "-$2" "$(head -n 1 "$DIR/$1/postmaster.pid")" 2>/dev/null || true
	fi
}

RUNAS_DB=${RUNAS:-$(id -un)}

case $cmd in
start)
	BIN=$(find_bindir)
	if [ ! -f "$DIR/.pg-formation" ]; then
		if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
			die "$DIR exists and is not a pg-formation.sh directory"
		fi
		mkdir -p "$DIR/xdg/run"
		: > "$DIR/.pg-formation"
		chmod 700 "$DIR" "$DIR/xdg/run"
		if [ -n "$RUNAS" ]; then
			chown -R "$RUNAS" "$DIR"
			as_owner test -w "$DIR" ||
			    die "$RUNAS cannot write $DIR (a parent directory is closed to it?); choose a DIR it can reach"
		fi
	fi
	[ -f "$DIR/monitor/PG_VERSION" ] || create_monitor
	running monitor || launch monitor pg_autoctl run --pgdata "$DIR/monitor"
	for node in $NODES; do
		if [ ! -f "$DIR/$node/PG_VERSION" ] || [ ! -f "$DIR/$node.created" ]; then
			# One at a time: the second joins as the first's standby.
			rm -rf "${DIR:?}/$node"
			create_node "$node"
			: > "$DIR/$node.created"
		fi
		running "$node" || launch "$node" pg_autoctl run --pgdata "$DIR/$node"
		if [ "$node" = node1 ] && [ ! -f "$DIR/url" ]; then
			n=0
			until [ -n "$(primary_name)" ]; do
				n=$((n + 1)); [ $n -lt 600 ] || die "node1 never became primary (log: $DIR/node1.log)"
				sleep 0.1
			done
			create_role
		fi
	done
	wait_healthy 180
	[ -f "$DIR/url" ] || write_url
	cat "$DIR/url"
	;;
stop)
	[ -e "$DIR" ] || exit 0
	[ -f "$DIR/.pg-formation" ] || die "$DIR is not a pg-formation.sh directory; not removing it"
	for name in $NODES monitor; do kill_node "$name" 15; done
	n=0
	while [ $n -lt 100 ]; do
		alive=0
		for name in $NODES monitor; do
			if running "$name" || { [ -f "$DIR/$name/postmaster.pid" ] &&
			    kill -0 "$(head -n 1 "$DIR/$name/postmaster.pid")" 2>/dev/null; }; then
				alive=1
			fi
		done
		[ $alive -eq 1 ] || break
		sleep 0.1
		n=$((n + 1))
	done
	for name in $NODES monitor; do kill_node "$name" 9; done
	rm -rf "$DIR"
	;;
url)
	[ -f "$DIR/url" ] || die "no formation in $DIR"
	cat "$DIR/url"
	;;
status)
	BIN=$(find_bindir)
	states || die "the monitor does not answer"
	healthy
	;;
primary)
	BIN=$(find_bindir)
	p=$(primary_name)
	[ -n "$p" ] || die "no primary"
	echo "$p"
	;;
kill-primary)
	BIN=$(find_bindir)
	p=$(primary_name)
	[ -n "$p" ] || die "no primary"
	kill_node "$p" 9
	echo "$p"
	;;
wait)
	BIN=$(find_bindir)
	wait_healthy "${3:-120}"
	;;
*)
	usage
	;;
esac
