/*
 * cmd_outbox.c - "ntm outbox run": one round of the outbox's sender
 * (domain/outbox): every job (the webhooks' fan-out, the notices' sweep)
 * and up to --max due items delivered, then one JSON line of what it did.
 * For an operator whose servers run with --no-sender (a cron job), and for
 * the tests, which make the sender's work happen when they choose.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/outbox/outbox.h"

static int outbox_main(int argc, char **argv);

const struct cmd cmd_outbox = {
	"outbox", "deliver what waits in the outbox (webhooks, e-mail)",
	"usage: ntm outbox run [--db DB] [--max N] [--rounds R]\n"
	"\n"
	"run runs the jobs (new changes to each webhook, the notices' sweep)\n"
	"and delivers up to N due items (default 1000), R times (default 1),\n"
	"then prints {\"sent\": S, \"failed\": F}.  A failed item waits for its\n"
	"next attempt (NTM_OUTBOX_RETRY_S: the first wait, default 30 s).\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n",
	outbox_main,
};

static const struct option outbox_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "max", required_argument, NULL, 'm' },
	{ "rounds", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
outbox_main(int argc, char **argv)
{
	const char *db_flag = NULL;
	long max = 1000, rounds = 1;
	size_t sent = 0, failed = 0;
	char *end;
	struct errinfo ei;
	struct db *db;
	int c;

	if (argc < 2 || strcmp(argv[1], "run") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(cmd_outbox.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage_error(&cmd_outbox, "unknown or missing task "
		    "'%s' (run)", argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", outbox_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'm': max = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg)
				max = 0;
			break;
		case 'r': rounds = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg)
				rounds = 0;
			break;
		case 'h': fputs(cmd_outbox.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_outbox, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_outbox, "unexpected argument '%s'",
		    argv[optind]);
	if (max < 1 || max > 100000)
		return cli_usage_error(&cmd_outbox, "--max: 1 to 100000%s", "");
	if (rounds < 1 || rounds > 1000)
		return cli_usage_error(&cmd_outbox, "--rounds: 1 to 1000%s", "");
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("outbox", &ei);
	for (long i = 0; i < rounds; i++) {
		size_t s = 0, f = 0;

		if (outbox_run_once(db, (size_t)max, &s, &f, &ei) != ERR_OK) {
			db_close(db);
			return cli_fail("outbox", &ei);
		}
		sent += s;
		failed += f;
	}
	db_close(db);
	printf("{\"sent\": %zu, \"failed\": %zu}\n", sent, failed);
	return EXIT_OK;
}
