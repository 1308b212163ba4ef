/*
 * cmd_audit.c - "ntm audit verify": walk the audit trail's hash chain
 * (domain/audit) and say whether it is intact or which entry is the first
 * one changed, removed or out of place.  Read-only; safe while 'ntm serve'
 * runs.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/audit/audit.h"

static int audit_main(int argc, char **argv);

const struct cmd cmd_audit = {
	"audit", "check that the audit trail has not been tampered with",
	"usage: ntm audit verify [--db DB]\n"
	"\n"
	"Recompute the hash chain of the audit trail.  Prints\n"
	"'audit trail intact: N entries' and exits 0, or names the first\n"
	"entry that was changed, removed or reordered and exits 1.\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n",
	audit_main,
};

static const struct option audit_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
audit_main(int argc, char **argv)
{
	const char *db_flag = NULL;
	struct errinfo ei;
	struct db *db;
	int64_t checked, first_bad;
	enum err e;
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", audit_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'h': fputs(cmd_audit.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_audit, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_audit, "expected one action: verify%s",
		    NULL);
	if (strcmp(argv[optind], "verify") != 0)
		return cli_usage_error(&cmd_audit, "unknown action '%s' "
		    "(expected verify)", argv[optind]);
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("audit", &ei);
	e = audit_verify(db, &checked, &first_bad, &ei);
	db_close(db);
	if (e != ERR_OK)
		return cli_fail("audit", &ei);
	printf("audit trail intact: %lld entries\n", (long long)checked);
	return EXIT_OK;
}
