/*
 * cmd_demo.c - "ntm demo": init, then the demo data set.  Each module adds
 * its demo data to demo_data() as it lands (accounts for every role arrive
 * with the accounts module); the command prints what a visitor can try.
 */
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

static int
demo_data(struct db *db, const char *target)
{
	(void)db;
	printf("Demo data ready in %s.\n"
	    "  Home page:        /\n"
	    "  Browse units:     /units/2025/VN   (before 2025: /units/pre2025/VN)\n"
	    "  Search:           /units?q=da+nang\n"
	    "  API:              /api/v1/units/2025/01\n"
	    "Demo logins: none yet; the accounts module adds one per role.\n",
	    target);
	return EXIT_OK;
}

static int
demo_main(int argc, char **argv)
{
	return cli_init_run(&cmd_demo, argc, argv, demo_data);
}
