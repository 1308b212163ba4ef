/*
 * cmd_forms.c - "ntm forms list|show|import|check": report forms
 * (docs/REPORTING.md) from the command line, the same store the
 * coordinator's page will write to.  A refused document prints every
 * fault, one line each, with its JSON path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_store.h"

static int forms_main(int argc, char **argv);

const struct cmd cmd_forms = {
	"forms", "list, show and import report forms",
	"usage: ntm forms list [--db DB]\n"
	"       ntm forms show ID [--version N] [--db DB]\n"
	"       ntm forms import FILE [--note TEXT] [--db DB]\n"
	"       ntm forms check ID PERIOD [--db DB]\n"
	"\n"
	"list prints the newest version of every report form as JSON;\n"
	"show prints one version (the newest by default) with its versions\n"
	"and SHA-256.  import stores a document (format ntm-form/1,\n"
	"docs/REPORTING.md) as a new version: the same content again is\n"
	"skipped, other content under a stored version is refused (raise\n"
	"\"version\").  A refused document prints every fault with its JSON\n"
	"path.  ntm init imports the forms shipped in forms/.\n"
	"check recomputes the nation's figures of form ID for PERIOD\n"
	"(2026, 2026Q3, 2026-07) from the reports themselves and compares\n"
	"them with the maintained aggregates: prints both and the slots\n"
	"that differ as JSON; exit 1 when any does.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n"
	"  --note TEXT    what changed and by which document\n",
	forms_main,
};

static int
do_import(struct db *db, const char *file, const char *note)
{
	return cli_import_doc(db, "forms", "reporting", file, REP_DOC_MAX, rep_forms_import, note);
}

/* ntm forms check ID PERIOD: cold against maintained (rep_cold_check). */
static int
do_check(struct db *db, char **args)
{
	struct errinfo ei;
	json_t *out;
	int rc;

	err_clear(&ei);
	if (rep_cold_check(db, args[0], args[1], &out, &ei) != ERR_OK)
		return cli_fail("forms", &ei);
	rc = json_array_size(json_object_get(out, "differences")) > 0 ?
	    EXIT_USER : EXIT_OK;
	cli_print_json(out);
	return rc;
}

static int
forms_main(int argc, char **argv)
{
	static const struct cli_docs docs = {
		&cmd_forms, rep_forms_list, rep_form_get, do_import,
		rep_cache_free, "check", 2, do_check,
	};

	return cli_docs_main(&docs, argc, argv);
}
