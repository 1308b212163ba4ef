# bench/lib.sh - shell helpers the benchmark scripts share (sourced).
# shellcheck shell=sh

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

# ---- what bench/http.sh and bench/criteria.sh share ---------------------------
# They set, before calling these: NTM (the ntm binary), NGINX (nginx,
# see find_nginx), TMP (a private directory, see bench_tmp), DURATION
# (seconds per wrk round), and define die MESSAGE (print, exit 2).  The
# servers started are in NTM_PID / NTM_PORT and NGX_PID / NGX_PORT.

now_ns() { date +%s%N; }

# median of numbers on stdin (one per line)
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# nearest-rank percentile $1 (0-100) of integers on stdin
percentile() {
	sort -n | awk -v p="$1" '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		k = int((p / 100) * NR + 0.999999); if (k < 1) k = 1; if (k > NR) k = NR
		print v[k] }'
}
# larger A B, smaller A B: the larger (smaller) of two numbers
larger() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
# ratio A B: A / B with 3 decimals (one line)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'; }
# elapsed_s T0 T1: seconds (3 decimals) between two now_ns readings
elapsed_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'; }
# verdict 1|0: "ok" or "MISSED"
verdict() { if [ "$1" = 1 ]; then echo "ok"; else echo "MISSED"; fi; }

# Dies unless wrk and curl are installed and nginx found (NGINX, else
# /usr/sbin/nginx, which is not on every PATH); sets NGINX.
find_tools() {
	command -v wrk >/dev/null 2>&1 || die "wrk not installed (apt-get install wrk)"
	command -v curl >/dev/null 2>&1 || die "curl not installed (apt-get install curl)"
	command -v "$NGINX" >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] ||
		die "nginx not installed (apt-get install nginx)"
	command -v "$NGINX" >/dev/null 2>&1 || NGINX=/usr/sbin/nginx
}

# bench_tmp NAME: a private directory ${TMPDIR:-/tmp}/NAME.XXXXXX in TMP,
# removed at exit (kept with BENCH_KEEP=1) after stopping the servers.
bench_tmp() {
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	NTM_PID=""
	NGX_PID=""
	NGX_PIDS=""
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM HUP
}
# shellcheck disable=SC2317  # called by the trap
bench_cleanup() {
	stop_nginx
	stop_ntm
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}

# Start ntm serve on a free loopback port; sets NTM_PID and NTM_PORT.
#   start_ntm DB LOGFILE [extra args...]
start_ntm() {
	db=$1 log=$2
	shift 2
	# Emptied here, not only by the redirection below: that happens in
	# the child, and ntm_port could read the previous server's line first.
	: >"$TMP/ntm.err"
	"$NTM" serve --db "$db" --listen 127.0.0.1:0 --threads 1 "$@" \
		>"$log" 2>"$TMP/ntm.err" &
	NTM_PID=$!
	# shellcheck disable=SC2034  # for the caller
	NTM_PORT=$(ntm_port "$NTM_PID" "$TMP/ntm.err") || die "ntm serve did not start"
}

# Tell whether ntm died (and how): a crash under load is the first suspect.
ntm_check() {
	[ -n "$NTM_PID" ] || return 0
	kill -0 "$NTM_PID" 2>/dev/null && return 0
	rc=0
	wait "$NTM_PID" 2>/dev/null || rc=$?
	NTM_PID=""
	if [ "$rc" -gt 128 ]; then
		echo "bench: ntm serve died of signal $((rc - 128)) (exit $rc); its stderr:" >&2
	else
		echo "bench: ntm serve exited with status $rc; its stderr:" >&2
	fi
	tail -20 "$TMP/ntm.err" >&2
}

# Requests/sec from one wrk run; dies on errors or non-2xx answers (a
# request slower than wrk's 2 s timeout counts as an error: pass
# "--timeout 30s" for a slow reference, whose queue of 32 may exceed it).
#   wrk_rps URL LABEL [wrk options...]
#
# With SERVER_PIDS set (the serving processes: ntm, or nginx's worker),
# it also writes to $TMP/wrk.cpu one line "SERVER_US CLIENT_BUSY": the
# servers' CPU time per request in microseconds (every thread, from
# /proc/PID/task/*/schedstat) and the share of one core wrk itself used.
# On a machine of two cores wrk -t1 is often the bottleneck (busy ~1.0):
# then every server's req/s is the client's, and the CPU a server spends
# per request is what tells servers apart (bench/README.md).
wrk_rps() {
	out=$TMP/wrk.out
	wr_url=$1 wr_label=$2
	shift 2
	wr_c0=$(cpu_ns ${SERVER_PIDS:-})
	# perl (Debian's perl-base) reports wrk's own CPU time (times()).
	perl -e 'my $rc = system(@ARGV); my @t = times;
		printf STDERR "client-cpu %.2f\n", $t[2] + $t[3]; exit($rc ? 1 : 0)' \
		-- wrk -t1 -c32 -d"${DURATION}s" "$@" "$wr_url" >"$out" 2>&1 ||
		{ cat "$out" >&2; ntm_check; die "wrk failed on $wr_label"; }
	wr_c1=$(cpu_ns ${SERVER_PIDS:-})
	awk -v c0="$wr_c0" -v c1="$wr_c1" -v d="$DURATION" '
		/requests in/ { n = $1 } /^client-cpu/ { c = $2 }
		END { printf "%.2f %.2f\n", (n > 0 ? (c1 - c0) / 1e3 / n : 0), c / d }' \
		"$out" >"$TMP/wrk.cpu"
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
		cat "$out" >&2
		ntm_check
		die "$wr_label: errors or non-2xx answers during the load"
	fi
	awk '/^Requests\/sec:/ { print $2 }' "$out"
}
# cpu_ns PID...: the CPU time (ns) every thread of the processes has used
# so far; 0 without a PID.
cpu_ns() {
	for cn_pid in "$@"; do
		cat /proc/"$cn_pid"/task/*/schedstat 2>/dev/null
	done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}
# nginx_worker MASTER_PID: the pid of its (single) worker process.
nginx_worker() { tr -s ' ' '\n' </proc/"$1"/task/"$1"/children | head -1; }
# One second of wrk on URL, not counted (connections, caches); a failure
# here shows in the wrk_rps that follows, with its output.
#   wrk_warm URL [wrk options...]
wrk_warm() { ww_url=$1; shift; wrk -t1 -c32 -d1s "$@" "$ww_url" >/dev/null 2>&1 || true; }

# duel NAME NTM_URL NGINX_URL [wrk options...]: one wrk round on each, ntm
# first (nginx first when DUEL_ORDER=nginx: alternate it between rounds so
# that a drift in the machine's speed does not favour either); sets
# DUEL_NTM, DUEL_NGX (req/s) and DUEL_RATIO (ntm/nginx), and appends them
# to $TMP/NAME.ntm, $TMP/NAME.ngx and $TMP/NAME.ratio.
duel() {
	du_name=$1 du_ntm=$2 du_ngx=$3
	shift 3
	if [ "${DUEL_ORDER:-ntm}" = nginx ]; then
		DUEL_NGX=$(wrk_rps "$du_ngx" "nginx $du_name" "$@")
		DUEL_NTM=$(wrk_rps "$du_ntm" "ntm $du_name" "$@")
	else
		DUEL_NTM=$(wrk_rps "$du_ntm" "ntm $du_name" "$@")
		DUEL_NGX=$(wrk_rps "$du_ngx" "nginx $du_name" "$@")
	fi
	DUEL_RATIO=$(ratio "$DUEL_NTM" "$DUEL_NGX")
	echo "$DUEL_NTM" >>"$TMP/$du_name.ntm"
	echo "$DUEL_NGX" >>"$TMP/$du_name.ngx"
	echo "$DUEL_RATIO" >>"$TMP/$du_name.ratio"
}

# Stop the server started by start_ntm (every nginx start_nginx started).
stop_ntm() { stop_pid "$NTM_PID"; NTM_PID=""; }
stop_nginx() {
	for p in $NGX_PID ${NGX_PIDS:-}; do stop_pid "$p"; done
	NGX_PID=""
	NGX_PIDS=""
}

# A private nginx: one worker, serving the files of $TMP/www (put there
# first), configured as fast as found for these small files on this
# machine (bench/README.md, "The nginx bar"): no access log;
# open_file_cache, so a request costs no open/fstat/close; keep-alive
# without a request cap (ntm has none either); and, as SENDFILE says,
#   off  sendfile off: a pread into nginx's buffer and one writev, the
#        faster for files of a few KB (the default);
#   on   sendfile on; tcp_nopush on: the faster for ~30 KB.
# (bench/http.sh starts both and measures each answer against the faster
# of the two.)  Its default headers stay (ETag, Last-Modified, Server): ntm
# sends an ETag too.  NGINX_EXTRA adds directives to its http block (to try
# others).  The port is derived from our pid, the next one if taken (nginx
# exits at once when it cannot bind).  Sets NGX_PID and NGX_PORT, and adds
# the pid to NGX_PIDS (all stopped at exit).
#   start_nginx FILE [SENDFILE]  (FILE: of $TMP/www, fetched to tell it is up)
start_nginx() {
	# A second nginx starts 50 ports further: never on the first's port,
	# where the check below would reach the first one.
	NGX_N=$((${NGX_N:-0} + 1))
	NGX_PORT=$((20000 + $$ % 20000 + 50 * (NGX_N - 1)))
	NGX_SENDFILE=${2:-off}
	sn_tries=0
	until nginx_at "$NGX_PORT" "$1"; do
		stop_pid "$NGX_PID"
		NGX_PID=""
		sn_tries=$((sn_tries + 1))
		[ $sn_tries -lt 20 ] || { cat "$TMP/nginx.err" >&2; die "nginx did not start"; }
		NGX_PORT=$((NGX_PORT + 1))
	done
	NGX_PIDS="$NGX_PIDS $NGX_PID"
}
# nginx_at PORT FILE: one try of start_nginx.
nginx_at() {
	port=$1
	if [ "$NGX_SENDFILE" = on ]; then
		na_send="sendfile on; tcp_nopush on;"
	else
		na_send="sendfile off;"
	fi
	cat >"$TMP/nginx-$port.conf" <<NGINX_EOF
worker_processes 1;
error_log $TMP/nginx.err warn;
$( [ "$(id -u)" -eq 0 ] && echo 'user root;' )
events { worker_connections 1024; }
http {
	access_log off;
	$na_send
	open_file_cache max=1000 inactive=600s;
	open_file_cache_valid 3600s;
	keepalive_requests 1000000;
	${NGINX_EXTRA:-}
	default_type application/json;
	client_body_temp_path $TMP/nginx-body;
	proxy_temp_path $TMP/nginx-proxy;
	fastcgi_temp_path $TMP/nginx-fastcgi;
	uwsgi_temp_path $TMP/nginx-uwsgi;
	scgi_temp_path $TMP/nginx-scgi;
	server {
		listen 127.0.0.1:$port;
		root $TMP/www;
	}
}
NGINX_EOF
	"$NGINX" -p "$TMP" -c "$TMP/nginx-$port.conf" -g "daemon off; pid $TMP/nginx-$port.pid;" 2>>"$TMP/nginx.err" &
	NGX_PID=$!
	i=0
	while [ $i -lt 50 ]; do
		kill -0 "$NGX_PID" 2>/dev/null || { NGX_PID=""; return 1; }
		curl -sf -o /dev/null "http://127.0.0.1:$port/$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# The load average now (the first three figures of /proc/loadavg).
load_avg() { cut -d" " -f1-3 /proc/loadavg; }
