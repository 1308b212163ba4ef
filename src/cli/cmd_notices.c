/*
 * cmd_notices.c - "ntm notices sweep": the notices' sweep (domain/notices)
 * over every active staff user at once, the work `ntm serve`'s sender
 * does in batches every few minutes: the new entries of each user's home
 * inbox become notices (never twice), those gone are resolved, and the
 * new ones' mail is queued in the outbox.  Prints one JSON line.  For
 * operators (after an import, say) and the tests.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/notices/notices.h"

static int notices_main(int argc, char **argv);

const struct cmd cmd_notices = {
	"notices", "note what waits for people and queue their e-mail",
	"usage: ntm notices sweep [--db DB]\n"
	"\n"
	"sweep builds the home inbox of every active staff user, records each\n"
	"new entry as a notice (the same one never twice), resolves those no\n"
	"longer waiting, queues the mail of the new ones (at once or in the\n"
	"day's digest, as each user chose) and prints\n"
	"{\"users\": U, \"found\": N}.  'ntm outbox run' (or ntm serve) sends\n"
	"the mail.  Today is $NTM_TODAY when set.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n",
	notices_main,
};

static const struct option notices_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Batches until the last user, twice: the first pass ends the round
 * the server's sweep may have left half done, the second visits every
 * user from the first (a user seen twice finds nothing new). */
static enum err
pass(struct db *db, size_t *users, size_t *found, struct errinfo *ei)
{
	bool wrapped = false;

	for (int round = 0; round < 2; round++) do {
		size_t u = 0, f = 0;
		enum err e;

		if ((e = notices_sweep(db, NOTICES_BATCH, &u, &f, &wrapped,
		    ei)) != ERR_OK)
			return e;
		*users += u;
		*found += f;
	} while (!wrapped);
	return ERR_OK;
}

static int
notices_main(int argc, char **argv)
{
	const char *db_flag = NULL;
	size_t users = 0, found = 0;
	struct errinfo ei;
	struct db *db;
	enum err e;
	int c;

	if (argc < 2 || strcmp(argv[1], "sweep") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(cmd_notices.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage_error(&cmd_notices, "unknown or missing task "
		    "'%s' (sweep)", argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", notices_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'h': fputs(cmd_notices.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_notices, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_notices, "unexpected argument '%s'",
		    argv[optind]);
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("notices", &ei);
	e = pass(db, &users, &found, &ei);
	db_close(db);
	if (e != ERR_OK)
		return cli_fail("notices", &ei);
	printf("{\"users\": %zu, \"found\": %zu}\n", users, found);
	return EXIT_OK;
}

int
demo_notices(struct db *db)
{
	struct errinfo ei;
	size_t users = 0, found = 0;

	err_clear(&ei);
	if (pass(db, &users, &found, &ei) != ERR_OK)
		return cli_fail("demo", &ei);
	(void)users;
	printf("notices: %zu noted for the demo accounts\n", found);
	return EXIT_OK;
}
