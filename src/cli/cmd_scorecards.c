/*
 * cmd_scorecards.c - "ntm scorecards list|show|import": OCOP scorecards
 * (docs/OCOP.md section 3) from the command line, the same store the
 * coordinator's PUT writes to.  A refused document prints every fault,
 * one line each, with its JSON path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/ocop/ocop_scorecard_store.h"

static int scorecards_main(int argc, char **argv);

const struct cmd cmd_scorecards = {
	"scorecards", "list, show and import OCOP scorecards",
	"usage: ntm scorecards list [--db DB]\n"
	"       ntm scorecards show ID [--version N] [--db DB]\n"
	"       ntm scorecards import FILE [--note TEXT] [--db DB]\n"
	"\n"
	"list prints the newest version of every OCOP scorecard as JSON;\n"
	"show prints one version (the newest by default) with its versions\n"
	"and SHA-256.  import stores a document (format ntm-scorecard/1,\n"
	"docs/OCOP.md) as a new version: the same content again is skipped,\n"
	"other content under a stored version is refused (raise\n"
	"\"version\").  A refused document prints every fault with its JSON\n"
	"path.  ntm init imports the scorecards shipped in scorecards/.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n"
	"  --note TEXT    what changed and by which document\n",
	scorecards_main,
};

static int
do_import(struct db *db, const char *file, const char *note)
{
	return cli_import_doc(db, "scorecards", "ocop_scorecard", file, OCOP_SC_DOC_MAX, ocop_scorecards_import, note);
}

static int
scorecards_main(int argc, char **argv)
{
	static const struct cli_docs docs = {
		&cmd_scorecards, ocop_scorecards_list, ocop_scorecard_get,
		do_import, ocop_scorecard_cache_free, NULL, 0, NULL,
	};

	return cli_docs_main(&docs, argc, argv);
}
