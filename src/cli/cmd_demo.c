/*
 * cmd_demo.c - "ntm demo": init, then the demo data set.  Each module adds
 * its demo data here as it lands (accounts for every role arrive with the
 * accounts module); the command prints what a visitor can try.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static int demo_main(int argc, char **argv);

const struct cmd cmd_demo = {
	"demo", "init, then load the demo data set and print the demo logins",
	"usage: ntm demo [--db DB] [--data DIR]\n"
	"\n"
	"Run 'ntm init', then add the demo data set and print how to try it.\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n"
	"  --data DIR   folder with the unit CSV files\n",
	demo_main,
};

static const struct option demo_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "data", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
demo_main(int argc, char **argv)
{
	const char *db_flag = NULL, *data_flag = NULL;
	struct errinfo ei;
	struct db *db;
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", demo_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'D': data_flag = optarg; break;
		case 'h': fputs(cmd_demo.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_demo, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_demo, "unexpected argument '%s'",
		    argv[optind]);
	err_clear(&ei);
	if (cli_init_db(cli_db_target(db_flag), cli_data_dir(data_flag), false,
	    &db, &ei) != ERR_OK)
		return cli_fail("demo", &ei);
	db_close(db);
	printf("Demo data ready in %s.\n"
	    "  Home page:        /\n"
	    "  Browse units:     /units/2025/VN   (before 2025: /units/pre2025/VN)\n"
	    "  Search:           /units?q=da+nang\n"
	    "  API:              /api/v1/units/2025/01\n"
	    "Demo logins: none yet; the accounts module adds one per role.\n",
	    cli_db_target(db_flag));
	return EXIT_OK;
}
