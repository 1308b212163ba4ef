# shellcheck shell=sh
# pg-owner.sh - what the scripts that run private servers share
# (pg-cluster.sh, pg-formation.sh, pg-pitr.sh, pgbouncer.sh); sourced, not
# run.  The sourcing script defines die() first.
#
#   RUNAS            the unprivileged user that runs the servers when we are
#                    root (PostgreSQL and pgbouncer refuse to run as root):
#                    $PG_CLUSTER_USER or "postgres"; empty when not root.
#   run_as_owner CMD...   CMD as RUNAS, from /, keeping the environment.
#   ports_in_use     the TCP ports something listens on (IPv4 and IPv6).
#   pick_port        a random free port in 20000..59999, also avoiding what
#                    the script's own ports_reserved prints, if it has one
#                    (the caller retries its start on a clash).

RUNAS=""
if [ "$(id -u)" -eq 0 ]; then
	RUNAS=${PG_CLUSTER_USER:-postgres}
	id "$RUNAS" >/dev/null 2>&1 ||
	    die "running as root needs an unprivileged user \"$RUNAS\" to run the servers (install postgresql-15, or set PG_CLUSTER_USER)"
fi

run_as_owner() {
	if [ -n "$RUNAS" ]; then
		# runuser keeps the environment: no HOME/PWD surprises.
		(cd / && runuser -u "$RUNAS" -- "$@")
	else
		"$@"
	fi
}

ports_in_use() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk 'NR > 0 && $4 == "0A" { split($2, a, ":"); print a[2] }' |
	    while read -r hex; do printf '%d\n' "0x$hex"; done
}

pick_port() {
	used=$(ports_in_use; if command -v ports_reserved >/dev/null 2>&1; then ports_reserved; fi)
	used=$(printf '%s\n' "$used" | sort -u)
	i=0
	while [ $i -lt 100 ]; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
		if ! printf '%s\n' "$used" | grep -qx "$p"; then
			echo "$p"; return
		fi
		i=$((i + 1))
	done
	die "no free loopback port found"
}
