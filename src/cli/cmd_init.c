/*
 * cmd_init.c - "ntm init": create or migrate the schema and load the real
 * administrative units (both structures and the lineage).  Idempotent: a
 * second run applies nothing and skips unchanged unit data.  "ntm demo"
 * runs the same code and then adds its demo data (cli_init_run).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static int init_main(int argc, char **argv);

const struct cmd cmd_init = {
	"init", "create or migrate the database and load the administrative units",
	"usage: ntm init [--db DB] [--data DIR]\n"
	"\n"
	"Create the database (or apply new migrations to it) and load Vietnam's\n"
	"administrative units: the pre-2025 structure (63 provinces, 696 districts,\n"
	"10,035 communes), the 2025 structure (34 provinces, 3,321 communes), the\n"
	"7 NTM regions and the old->new lineage.  Safe to run again.\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n"
	"  --data DIR   folder with the unit CSV files (default: data/admin of\n"
	"               the installation, or $NTM_DATA)\n",
	init_main,
};

static const struct option init_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "data", required_argument, NULL, 'D' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
cli_init_run(const struct cmd *c, int argc, char **argv,
    int (*then)(struct db *db, const char *target, const char *data_dir))
{
	const char *db_flag = NULL, *data_flag = NULL;
	struct errinfo ei;
	struct db *db;
	int ch, rc;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((ch = getopt_long(argc, argv, "", init_opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db_flag = optarg; break;
		case 'D': data_flag = optarg; break;
		case 'h': fputs(c->usage, stdout); return EXIT_OK;
		default: return cli_bad_option(c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
	err_clear(&ei);
	if (cli_init_db(cli_db_target(db_flag), cli_data_dir(data_flag), false,
	    &db, &ei) != ERR_OK)
		return cli_fail(c->name, &ei);
	rc = then != NULL ? then(db, cli_db_target(db_flag),
	    cli_data_dir(data_flag)) : EXIT_OK;
	db_close(db);
	return rc;
}

static int
init_main(int argc, char **argv)
{
	return cli_init_run(&cmd_init, argc, argv, NULL);
}
