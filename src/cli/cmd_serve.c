/*
 * cmd_serve.c - "ntm serve": the HTTP server.  Binds 127.0.0.1 by default
 * (nginx faces the network), runs a pool of worker threads each with its
 * own database connection, and stops cleanly on SIGINT or SIGTERM: it stops
 * accepting, lets the requests in flight finish, closes the database.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/audit/audit_checkpoint.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/market/market_orders.h"
#include "domain/outbox/outbox.h"
#include "domain/notices/notices.h"
#include "domain/webhooks/webhooks.h"
#include "domain/surveys/surveys_store.h"
#include "http/http.h"
#include "web/cache.h"
#include "web/replicas.h"
#include "web/web.h"

static int serve_main(int argc, char **argv);

const struct cmd cmd_serve = {
	"serve", "serve the web pages and the JSON API",
	"usage: ntm serve [--db DB] [--listen HOST:PORT] [--threads N] [--quiet]\n"
	"                 [--no-cache] [--cache-stale SECONDS]\n"
	"                 [--secure-cookies] [--audit-key FILE]\n"
	"                 [--audit-interval SECONDS] [--audit-checkpoints FILE]\n"
	"\n"
	"Serve HTTP until SIGINT or SIGTERM.  Put nginx in front (deploy/).\n"
	"\n"
	"  --db DB             SQLite file (default $NTM_DB or ntm.db)\n"
	"  --listen HOST:PORT  address to bind (default $NTM_LISTEN or\n"
	"                      127.0.0.1:8080; port 0 picks a free port)\n"
	"  --threads N         worker threads (default $NTM_THREADS or 4 a\n"
	"                      core: survey responses share commits)\n"
	"  --quiet             no access log\n"
	"  --no-cache          build every JSON view, never serve it from the\n"
	"                      per-process response cache (benchmarks)\n"
	"  --cache-stale SECONDS  after a write, anonymous readers may get a\n"
	"                      cached view this many seconds older than it\n"
	"                      while one thread builds the new one (default\n"
	"                      $NTM_CACHE_STALE or 5; 0: only during that\n"
	"                      build; a signed-in user always gets it fresh)\n"
	"  --secure-cookies    always mark the session cookie Secure (it is\n"
	"                      anyway when nginx says X-Forwarded-Proto: https)\n"
	"  --audit-key FILE    sign a checkpoint of the audit trail at start,\n"
	"                      every interval when there are new entries, and\n"
	"                      at stop (default $NTM_AUDIT_KEY; none: no\n"
	"                      checkpoints)\n"
	"  --audit-interval SECONDS  between checkpoints (default\n"
	"                      $NTM_AUDIT_INTERVAL or 600)\n"
	"  --audit-checkpoints FILE  also append each checkpoint to FILE\n"
	"                      (default $NTM_AUDIT_CHECKPOINTS)\n"
	"  --no-sender         do not deliver the outbox (webhooks, e-mail)\n"
	"                      from this process (default: deliver, unless\n"
	"                      $NTM_NO_SENDER=1); another server or 'ntm\n"
	"                      outbox run' delivers it\n"
	"  --smtp URL          the mail server for notices: smtp://host:port\n"
	"                      (STARTTLS required) or smtps://host:port, user\n"
	"                      and password in the URL or $NTM_SMTP_USER and\n"
	"                      $NTM_SMTP_PASSWORD (default $NTM_SMTP_URL;\n"
	"                      none: mail waits in the outbox)\n"
	"  --mail-from ADDR    the sender of the mail (default $NTM_MAIL_FROM\n"
	"                      or ntm@localhost)\n"
	"  --smtp-insecure     no STARTTLS with smtp:// (a local test server)\n"
	"  --public-url URL    the address people open, for links in mail\n"
	"                      (default $NTM_PUBLIC_URL or http://127.0.0.1:8080)\n"
	"  --webhook-allow-http HOST[,HOST]  webhooks may use plain http to\n"
	"                      these hosts (default $NTM_WEBHOOK_ALLOW_HTTP)\n"
	"  --webhook-allow-private  webhooks may go to loopback, link-local and\n"
	"                      private addresses (tests; default\n"
	"                      $NTM_WEBHOOK_ALLOW_PRIVATE=1)\n"
	"  --read-db URL[,URL] PostgreSQL hot standbys for read-only requests\n"
	"                      (default $NTM_READ_DB; docs/DEPLOY.md \"Read\n"
	"                      replicas\")\n"
	"  --read-lag SECONDS  skip a standby further behind than this\n"
	"                      (default $NTM_READ_LAG or 5)\n"
	"\n"
	"OCOP certificates: products whose certificate is within 90 days of\n"
	"its end move to \"expiring\", then \"expired\", at start and every\n"
	"$NTM_OCOP_SWEEP_INTERVAL seconds (default 3600; 0: never, leaving it\n"
	"to 'ntm ocop expire').\n",
	serve_main,
};

static const struct option serve_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "listen", required_argument, NULL, 'l' },
	{ "threads", required_argument, NULL, 't' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-cache", no_argument, NULL, 'C' },
	{ "cache-stale", required_argument, NULL, 2201 },
	{ "no-sender", no_argument, NULL, 'N' },
	{ "webhook-allow-http", required_argument, NULL, 0x101 },
	{ "webhook-allow-private", no_argument, NULL, 0x102 },
	{ "secure-cookies", no_argument, NULL, 'S' },
	{ "audit-key", required_argument, NULL, 'k' },
	{ "audit-interval", required_argument, NULL, 'i' },
	{ "audit-checkpoints", required_argument, NULL, 'A' },
	{ "help", no_argument, NULL, 'h' },
	/* Mail (domain/notices): each option sets its variable, which the
	 * mail channel reads (ntm outbox run reads the same). */
	{ "smtp", required_argument, NULL, 2001 },
	{ "mail-from", required_argument, NULL, 2002 },
	{ "smtp-insecure", no_argument, NULL, 2003 },
	{ "public-url", required_argument, NULL, 2004 },
	/* Read replicas (web/replicas.h). */
	{ "read-db", required_argument, NULL, 2101 },
	{ "read-lag", required_argument, NULL, 2102 },
	{ NULL, 0, NULL, 0 }
};

/* Split "HOST:PORT" into host (in buf) and port; false if malformed. */
static bool
parse_listen(const char *s, char *host, size_t hostlen, unsigned short *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long p;

	struct in_addr ip;

	if (colon == NULL || colon == s || (size_t)(colon - s) >= hostlen)
		return false;
	p = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || end == colon + 1 || p > 65535)
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = (unsigned short)p;
	return inet_pton(AF_INET, host, &ip) == 1;
}

/* A number of seconds from 0 to max written as digits only (no sign,
 * space, base prefix or exponent), or -1. */
static long
seconds_arg(const char *s, long max)
{
	size_t n = strspn(s, "0123456789");
	long v;

	if (n == 0 || n > 5 || s[n] != '\0')
		return -1;
	v = strtol(s, NULL, 10);
	return v <= max ? v : -1;
}

static int
serve_main(int argc, char **argv)
{
	const char *db_flag = NULL, *listen = getenv("NTM_LISTEN");
	const char *threads_env = getenv("NTM_THREADS");
	struct http_server_opts o = {
		.threads = 0, .max_connections = 1000, .timeout_s = 30,
		/* 16 KiB: libmicrohttpd zeroes the whole pool for every
		 * request of a kept-alive connection (bench/RESULTS.md) */
		.conn_memory = 16 * 1024, .max_body = 1024 * 1024,
		.max_response = 16 * 1024 * 1024, .access_log = true,
		.body_limit = web_body_limit,
	};
	struct web_app_opts ao = { 0 };
	struct http_server *srv;
	struct errinfo ei;
	char host[64];
	sigset_t set;
	long threads = threads_env ? strtol(threads_env, NULL, 10) : 0;
	const char *audit_key = getenv("NTM_AUDIT_KEY");
	const char *audit_interval = getenv("NTM_AUDIT_INTERVAL");
	const char *audit_append = getenv("NTM_AUDIT_CHECKPOINTS");
	struct audit_key *ak = NULL;
	const char *sweep_env = getenv("NTM_OCOP_SWEEP_INTERVAL");
	const char *no_sender_env = getenv("NTM_NO_SENDER");
	bool sender = no_sender_env == NULL || strcmp(no_sender_env, "1") != 0;
	long sweep_interval = OCOP_SWEEP_INTERVAL;
	long interval = 600;
	bool interval_flag = false;
	int c, sig;
	const char *read_db = getenv("NTM_READ_DB");
	const char *read_lag = getenv("NTM_READ_LAG");
	double read_lag_s = 5.0;
	const char *cache_stale = getenv("NTM_CACHE_STALE");

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", serve_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'l': listen = optarg; break;
		case 't': {
			char *end;

			threads = strtol(optarg, &end, 10);
			if (*end != '\0' || threads < 1 || threads > 256)
				return cli_usage_error(&cmd_serve,
				    "--threads: '%s' is not a number from 1 to 256",
				    optarg);
			break;
		}
		case 'q': o.access_log = false; break;
		case 'C': ao.no_cache = true; break;
		case 'N': sender = false; break;
		case 0x101: webhooks_allow_http(optarg); break;
		case 0x102: webhooks_allow_private(); break;
		case 'S': ao.secure_cookies = true; break;
		case 'k': audit_key = optarg; break;
		case 'i': audit_interval = optarg; interval_flag = true; break;
		case 'A': audit_append = optarg; break;
		case 'h': fputs(cmd_serve.usage, stdout); return EXIT_OK;
		case 2001: setenv("NTM_SMTP_URL", optarg, 1); break;
		case 2002: setenv("NTM_MAIL_FROM", optarg, 1); break;
		case 2003: setenv("NTM_SMTP_INSECURE", "1", 1); break;
		case 2004: setenv("NTM_PUBLIC_URL", optarg, 1); break;
		case 2101: read_db = optarg; break;
		case 2102: read_lag = optarg; break;
		case 2201: cache_stale = optarg; break;
		default: return cli_bad_option(&cmd_serve, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_serve, "unexpected argument '%s'",
		    argv[optind]);
	if (listen == NULL)
		listen = "127.0.0.1:8080";
	if (!parse_listen(listen, host, sizeof(host), &o.port))
		return cli_usage_error(&cmd_serve,
		    "--listen: '%s' is not HOST:PORT", listen);
	o.host = host;
	if (audit_interval != NULL && (audit_interval[0] != '\0' ||
	    interval_flag)) {
		interval = seconds_arg(audit_interval, 86400);
		if (interval < 1)
			return cli_usage_error(&cmd_serve, "--audit-interval: '%s' "
			    "is not a number of seconds from 1 to 86400",
			    audit_interval);
	}
	if (sweep_env != NULL && sweep_env[0] != '\0') {
		sweep_interval = seconds_arg(sweep_env, 86400);
		if (sweep_interval < 0)
			return cli_usage_error(&cmd_serve,
			    "NTM_OCOP_SWEEP_INTERVAL: '%s' is not a number of "
			    "seconds from 0 to 86400", sweep_env);
	}
	if (read_lag != NULL && read_lag[0] != '\0') {
		char *end;

		read_lag_s = strtod(read_lag, &end);
		if (*end != '\0' || end == read_lag || !(read_lag_s >= 0.1) ||
		    read_lag_s > 3600)
			return cli_usage_error(&cmd_serve, "--read-lag: '%s' is "
			    "not a number of seconds from 0.1 to 3600", read_lag);
	}
	if (cache_stale != NULL && cache_stale[0] != '\0') {
		long v = seconds_arg(cache_stale, 3600);

		if (v < 0)
			return cli_usage_error(&cmd_serve, "--cache-stale: '%s' "
			    "is not a number of seconds from 0 to 3600",
			    cache_stale);
		web_cache_set_stale((unsigned)v);
	}
	if (strncmp(host, "127.", 4) != 0)
		fprintf(stderr, "ntm serve: warning: %s is not a loopback address; "
		    "keep nginx in front (deploy/nginx.conf)\n", host);
	/* Four threads a core by default: a thread waits while its survey
	 * response commits, and the more responses wait together the more
	 * share one commit (group commit); reads are not slowed by it. */
	if (threads < 1 || threads > 256)
		threads = 4 * sysconf(_SC_NPROCESSORS_ONLN);
	o.threads = threads > 0 ? (unsigned)threads : 1;

	err_clear(&ei);
	if (notices_mail_check(&ei) != ERR_OK)
		return cli_usage_error(&cmd_serve, "%s", err_message(&ei, "en"));
	ao.db_target = cli_db_target(db_flag);
	if (audit_key != NULL && audit_key[0] != '\0' &&
	    audit_key_load(audit_key, &ak, &ei) != ERR_OK)
		return cli_fail("serve", &ei);
	if (web_app_init(&ao, &ei) != ERR_OK) {
		audit_key_free(ak);
		return cli_fail("serve", &ei);
	}
	if (read_db != NULL && read_db[0] != '\0' &&
	    web_replicas_init(read_db, read_lag_s, &ei) != ERR_OK) {
		web_app_free();
		audit_key_free(ak);
		return cli_fail("serve", &ei);
	}

	/* Block the stop signals in every thread; this one waits for them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (web_replicas_start(&ei) != ERR_OK)
		cli_fail("serve", &ei);

	/* Survey responses are written by one writer thread in shared
	 * transactions (group commit); it starts after the signal mask so
	 * it never takes SIGTERM itself. */
	if (surv_queue_start(ao.db_target, &ei) != ERR_OK) {
		web_app_free();
		return cli_fail("serve", &ei);
	}
	/* Marketplace checkouts: the same group commit (market_orders.h). */
	if (market_checkout_queue_start(ao.db_target, &ei) != ERR_OK) {
		surv_queue_stop();
		web_app_free();
		return cli_fail("serve", &ei);
	}
	if ((srv = http_server_start(&o, web_dispatch, NULL)) == NULL) {
		surv_queue_stop();
		market_checkout_queue_stop();
		web_app_free();
		audit_key_free(ak);
		return EXIT_USER;
	}
	/* Checkpoints from a thread of their own (signals blocked there). */
	if (ak != NULL && audit_checkpointer_start(ao.db_target, ak,
	    (unsigned)interval, audit_append != NULL && audit_append[0] != '\0' ?
	    audit_append : NULL, &ei) != ERR_OK)
		cli_fail("serve", &ei);
	if (sweep_interval > 0 && ocop_sweeper_start(ao.db_target,
	    (unsigned)sweep_interval, &ei) != ERR_OK)
		cli_fail("serve", &ei);
	/* The outbox's sender: webhooks and e-mail (domain/outbox). */
	if (sender && outbox_sender_start(ao.db_target, &ei) != ERR_OK)
		cli_fail("serve", &ei);
	fprintf(stderr, "ntm serve: listening on http://%s:%u (%u threads, "
	    "database %s)\n", host, (unsigned)http_server_port(srv), o.threads,
	    db_target_safe(ao.db_target));
	sigwait(&set, &sig);
	fprintf(stderr, "ntm serve: %s, stopping\n", sig == SIGTERM ?
	    "SIGTERM" : "SIGINT");
	http_server_stop(srv);
	surv_queue_stop();	/* after the last request: nobody waits on it */
	market_checkout_queue_stop();
	ocop_sweeper_stop();
	outbox_sender_stop();
	audit_checkpointer_stop();	/* its last checkpoint sees every entry */
	audit_key_free(ak);
	web_replicas_stop();
	web_app_free();
	fprintf(stderr, "ntm serve: stopped\n");
	return EXIT_OK;
}
