/*
 * cmd_procedures.c - "ntm procedures list|show|import": workflow
 * procedures (docs/WORKFLOW.md) from the command line, the same store the
 * coordinator's page writes to.
 */
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

static int
do_import(struct db *db, const char *file, const char *note)
{
	size_t len = 0;
	char *text = cli_read_file("procedures", "workflow", file, 256 * 1024,
	    &len);

	if (text == NULL)
		return EXIT_USER;
	return cli_store_text(db, "procedures", file, text, len, wf_import,
	    note, false);
}

static int
procedures_main(int argc, char **argv)
{
	static const struct cli_docs docs = {
		&cmd_procedures, wf_list, wf_get, do_import, wf_cache_free,
		NULL, 0, NULL,
	};

	return cli_docs_main(&docs, argc, argv);
}
