/*
 * cmd_procedures.c - "ntm procedures list|show|import": workflow
 * procedures (docs/WORKFLOW.md) from the command line, the same store the
 * coordinator's page writes to.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/workflow/workflow.h"

static int procedures_main(int argc, char **argv);

const struct cmd cmd_procedures = {
	"procedures", "list, show and import workflow procedures",
	"usage: ntm procedures list [--db DB]\n"
	"       ntm procedures show ID [--version N] [--db DB]\n"
	"       ntm procedures import FILE [--note TEXT] [--db DB]\n"
	"\n"
	"list prints the newest version of every procedure as JSON;\n"
	"show prints one version (the newest by default) with its\n"
	"versions and SHA-256.  import stores a document (format\n"
	"ntm-procedure/1, docs/WORKFLOW.md) as a new version: the same\n"
	"content again is skipped, other content under a stored version\n"
	"is refused (raise \"version\").  Errors name the JSON path.\n"
	"Dossiers keep the version they started with.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n"
	"  --note TEXT    what changed and by which legal document\n",
	procedures_main,
};

static const struct option opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "version", required_argument, NULL, 'v' },
	{ "note", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
do_import(struct db *db, const char *file, const char *note)
{
	struct errinfo ei;
	size_t len = 0;
	char *text = cli_read_file("procedures", "workflow", file, 256 * 1024,
	    &len);
	int version = 0;
	bool created = false;
	enum err e;

	if (text == NULL)
		return EXIT_USER;
	err_clear(&ei);
	e = wf_import(db, NULL, text, len, note, &version, &created, &ei);
	free(text);
	if (e != ERR_OK) {
		err_prefix(&ei, "%.60s: ", "%.60s: ", file);
		return cli_fail("procedures", &ei);
	}
	return cli_print_stored(file, version, created);
}

static int
procedures_main(int argc, char **argv)
{
	const char *db_flag = NULL, *note = NULL, *action;
	long version = 0;
	struct errinfo ei;
	struct db *db;
	json_t *j;
	int c, want, rc = EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'n': note = optarg; break;
		case 'v':
			if ((rc = cli_version_arg(&cmd_procedures, optarg,
			    &version)) != EXIT_OK)
				return rc;
			break;
		case 'h': fputs(cmd_procedures.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_procedures, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_procedures, "expected an action: "
		    "list, show or import%s", "");
	action = argv[optind];
	if (strcmp(action, "list") == 0)
		want = 1;
	else if (strcmp(action, "show") == 0 || strcmp(action, "import") == 0)
		want = 2;
	else
		return cli_usage_error(&cmd_procedures, "unknown action '%s'",
		    action);
	if (argc - optind != want)
		return cli_usage_error(&cmd_procedures,
		    "wrong arguments for '%s'", action);
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("procedures", &ei);
	if (strcmp(action, "list") == 0) {
		if (wf_list(db, &j, &ei) != ERR_OK)
			rc = cli_fail("procedures", &ei);
		else
			rc = cli_print_json(j);
	} else if (strcmp(action, "show") == 0) {
		if (wf_get(db, argv[optind + 1], (int)version, &j,
		    &ei) != ERR_OK)
			rc = cli_fail("procedures", &ei);
		else
			rc = cli_print_json(j);
	} else
		rc = do_import(db, argv[optind + 1], note);
	db_close(db);
	wf_cache_free();
	return rc;
}
