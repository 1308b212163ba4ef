/*
 * cmd_backup.c - "ntm backup FILE": a consistent copy of the database while
 * it is being served (SQLite's online backup).  Never overwrites a file.
 * With an audit signing key (--audit-key or $NTM_AUDIT_KEY) it first makes
 * a signed checkpoint of the audit trail's head (domain/audit), so that
 * the backup carries it and the line printed on stdout can be kept apart
 * from both.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/audit/audit_checkpoint.h"

static int backup_main(int argc, char **argv);

const struct cmd cmd_backup = {
	"backup", "write a consistent copy of the database to a new file",
	"usage: ntm backup [--db DB] [--audit-key FILE] [--audit-checkpoints FILE]\n"
	"                  FILE\n"
	"\n"
	"Copy the whole database, consistently, into FILE (which must not\n"
	"exist).  Safe while 'ntm serve' runs.  With a signing key, first\n"
	"sign a checkpoint of the audit trail (as 'ntm audit checkpoint'),\n"
	"printed on stdout; the backup is made even if that fails, and the\n"
	"exit status is then 1.\n"
	"\n"
	"  --db DB                  SQLite file (default $NTM_DB or ntm.db)\n"
	"  --audit-key FILE         the audit signing key (default\n"
	"                           $NTM_AUDIT_KEY; none: no checkpoint)\n"
	"  --audit-checkpoints FILE also append the checkpoint to FILE\n"
	"                           (default $NTM_AUDIT_CHECKPOINTS)\n",
	backup_main,
};

static const struct option backup_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "audit-key", required_argument, NULL, 'k' },
	{ "audit-checkpoints", required_argument, NULL, 'A' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Sign, store and print a checkpoint with the key k; false (the reason
 * printed) if it could not be made. */
static bool
backup_checkpoint(struct db *db, const struct audit_key *k,
    const char *append)
{
	struct audit_checkpoint cp, kept;
	struct errinfo ei;
	char line[AUDIT_CHECKPOINT_LINE_MAX + 1];
	bool made, found = false;

	err_clear(&ei);
	if ((append != NULL &&
	    audit_checkpoint_last_kept(append, &kept, &found, &ei) != ERR_OK) ||
	    audit_checkpoint_make(db, k, found ? &kept : NULL, false, &cp, &made,
	    &ei) != ERR_OK ||
	    (append != NULL && audit_checkpoint_append(append, &cp, &ei) !=
	    ERR_OK)) {
		err_prefix(&ei, "chưa tạo được điểm chốt nhật ký: ",
		    "no audit checkpoint made: ");
		cli_fail("backup", &ei);
		return false;
	}
	if (audit_checkpoint_format(&cp, line, sizeof(line)))
		printf("%s\n", line);
	fflush(stdout);
	return true;
}

static int
backup_main(int argc, char **argv)
{
	const char *db_flag = NULL, *file, *key = getenv("NTM_AUDIT_KEY");
	const char *append = getenv("NTM_AUDIT_CHECKPOINTS");
	struct audit_key *k = NULL;
	struct errinfo ei;
	struct db *db;
	double t0 = cli_seconds();
	bool signed_ok = true;
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", backup_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'k': key = optarg; break;
		case 'A': append = optarg; break;
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
	if (append != NULL && append[0] == '\0')
		append = NULL;
	/* A key configured but unusable is a mistake to fix before anything
	 * is written. */
	if (key != NULL && key[0] != '\0' &&
	    audit_key_load(key, &k, &ei) != ERR_OK)
		return cli_fail("backup", &ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK) {
		audit_key_free(k);
		return cli_fail("backup", &ei);
	}
	/* Before the copy, so that the backup holds the checkpoint too. */
	if (k != NULL)
		signed_ok = backup_checkpoint(db, k, append);
	audit_key_free(k);
	if (db_backup(db, file, &ei) != ERR_OK) {
		db_close(db);
		unlink(file);
		return cli_fail("backup", &ei);
	}
	db_close(db);
	fprintf(stderr, "ntm backup: %s -> %s in %.2f s\n",
	    db_target_safe(cli_db_target(db_flag)), file, cli_seconds() - t0);
	return signed_ok ? EXIT_OK : EXIT_USER;
}
