# bench/lib.sh - shell helpers the benchmark scripts share (sourced).

# stop_pid PID: SIGTERM, then wait up to 5 s, then SIGKILL.
stop_pid() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	sp_i=0
	while kill -0 "$1" 2>/dev/null && [ $sp_i -lt 50 ]; do
		sleep 0.1
		sp_i=$((sp_i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# ntm_port PID ERRFILE: wait (up to 10 s) for "ntm serve" to print its
# address on stderr and echo the port.  The line also names the database,
# which may be a postgresql:// URL on 127.0.0.1: take the http:// port.
# Returns 1 (stderr shown) if the server exits or never says it.
ntm_port() {
	np_i=0
	while [ $np_i -lt 200 ]; do
		kill -0 "$1" 2>/dev/null || { cat "$2" >&2; return 1; }
		np_port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$2")
		[ -n "$np_port" ] && { echo "$np_port"; return 0; }
		sleep 0.05
		np_i=$((np_i + 1))
	done
	cat "$2" >&2
	return 1
}
