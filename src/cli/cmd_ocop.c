/*
 * cmd_ocop.c - "ntm ocop expire": the calendar's sweep of OCOP
 * certificates (docs/OCOP.md section 4) from the command line, the same
 * one `ntm serve` runs every hour: products whose current certificate is
 * within 90 days of its last valid day take the cycle's "expiring", those
 * past it "expire"; one transaction a product, audit actor "system".
 * Idempotent: a second run on the same day moves nothing.  Today is
 * $NTM_TODAY when set (tests, demos), else the UTC date.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/ocop/ocop_certificates.h"

static int ocop_main(int argc, char **argv);

const struct cmd cmd_ocop = {
	"ocop", "OCOP tasks: move the cycles of expiring certificates",
	"usage: ntm ocop expire [--db DB]\n"
	"\n"
	"expire moves every certified product whose certificate ends within\n"
	"90 days to \"expiring\" and every one whose certificate has ended to\n"
	"\"expired\" (the cycle's transitions, audit actor \"system\"), and\n"
	"prints how many.  Running it again the same day changes nothing.\n"
	"ntm serve does the same at start and every $NTM_OCOP_SWEEP_INTERVAL\n"
	"seconds.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n",
	ocop_main,
};

static const struct option ocop_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
ocop_main(int argc, char **argv)
{
	const char *db_flag = NULL;
	struct ocop_sweep res;
	struct errinfo ei;
	struct db *db;
	enum err e;
	int c;

	if (argc < 2 || strcmp(argv[1], "expire") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(cmd_ocop.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage_error(&cmd_ocop, "unknown or missing task '%s' "
		    "(expire)", argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", ocop_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'h': fputs(cmd_ocop.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_ocop, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_ocop, "unexpected argument '%s'",
		    argv[optind]);
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("ocop", &ei);
	e = ocop_certificates_sweep(db, &res, &ei);
	db_close(db);
	if (e != ERR_OK)
		return cli_fail("ocop", &ei);
	printf("{\"expiring\": %d, \"expired\": %d, \"skipped\": %d}\n",
	    res.expiring, res.expired, res.skipped);
	return EXIT_OK;
}
