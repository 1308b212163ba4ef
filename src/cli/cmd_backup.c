/*
 * cmd_backup.c - "ntm backup FILE": a consistent copy of the database while
 * it is being served (SQLite's online backup).  Never overwrites a file.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

static int backup_main(int argc, char **argv);

const struct cmd cmd_backup = {
	"backup", "write a consistent copy of the database to a new file",
	"usage: ntm backup [--db DB] FILE\n"
	"\n"
	"Copy the whole database, consistently, into FILE (which must not\n"
	"exist).  Safe while 'ntm serve' runs.\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n",
	backup_main,
};

static const struct option backup_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
backup_main(int argc, char **argv)
{
	const char *db_flag = NULL, *file;
	struct errinfo ei;
	struct db *db;
	double t0 = cli_seconds();
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", backup_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'h': fputs(cmd_backup.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_backup, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_backup, "expected one FILE%s", NULL);
	file = argv[optind];
	err_clear(&ei);
	if (access(file, F_OK) == 0) {
		err_set(&ei, ERR_CONFLICT, "backup.exists", "file",
		    "%s đã tồn tại; chọn tên tệp khác",
		    "%s already exists; choose another file name", file);
		return cli_fail("backup", &ei);
	}
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("backup", &ei);
	if (db_backup(db, file, &ei) != ERR_OK) {
		db_close(db);
		unlink(file);
		return cli_fail("backup", &ei);
	}
	db_close(db);
	fprintf(stderr, "ntm backup: %s -> %s in %.2f s\n",
	    db_target_safe(cli_db_target(db_flag)), file, cli_seconds() - t0);
	return EXIT_OK;
}
