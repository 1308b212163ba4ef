/*
 * cmd_criteria.c - "ntm criteria list|show|import|recompute": criteria
 * sets from the command line (the same store as POST /api/v1/criteria-sets).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/criteria/criteria_store.h"

static int criteria_main(int argc, char **argv);

const struct cmd cmd_criteria = {
	"criteria", "list, show, import and recompute criteria sets",
	"usage: ntm criteria list [--db DB]\n"
	"       ntm criteria show ID [--version N] [--db DB]\n"
	"       ntm criteria import FILE [--note TEXT] [--meta META.json] [--db DB]\n"
	"       ntm criteria recompute ID [--year Y] [--db DB]\n"
	"\n"
	"import stores a document (format ntm-criteria/1, docs/CRITERIA.md) as a\n"
	"new version; a FILE ending in .csv is an annex-style table (criterion,\n"
	"indicator,name,type,unit,op,<one column per variant>) and needs --meta,\n"
	"a JSON object with id, version, name, kind, applies_to, years,\n"
	"variant_by and legal_basis.  Errors name the JSON path or the line.\n"
	"recompute re-evaluates every unit with values for the set (all years,\n"
	"or --year) and rebuilds its roll-ups.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL (default $NTM_DB or ntm.db)\n"
	"  --note TEXT    what changed and by which legal document\n",
	criteria_main,
};

static const struct option opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "version", required_argument, NULL, 'v' },
	{ "year", required_argument, NULL, 'y' },
	{ "note", required_argument, NULL, 'n' },
	{ "meta", required_argument, NULL, 'm' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};


static int
do_list(struct db *db)
{
	struct errinfo ei;
	json_t *list, *it;
	size_t i;

	if (crit_store_list(db, &list, &ei) != ERR_OK)
		return cli_fail("criteria", &ei);
	json_array_foreach(json_object_get(list, "items"), i, it)
		printf("%-28s v%-3lld %lld–%lld  %-8s %s%s\n",
		    json_string_value(json_object_get(it, "id")),
		    json_integer_value(json_object_get(it, "version")),
		    json_integer_value(json_object_get(json_object_get(it,
		    "years"), "from")),
		    json_integer_value(json_object_get(json_object_get(it,
		    "years"), "to")),
		    json_string_value(json_object_get(it, "level")),
		    json_string_value(json_object_get(it, "name")),
		    json_is_string(json_object_get(it, "profile")) ?
		    "  [demo]" : "");
	json_decref(list);
	return EXIT_OK;
}

static int
do_import(struct db *db, const char *file, const char *note,
    const char *meta_file)
{
	struct errinfo ei;
	size_t len = 0, flen = strlen(file);
	/* A table is wordier than the document it becomes. */
	char *text = cli_read_file("criteria", "criteria", file,
	    2 * CRIT_DOC_MAX, &len);
	enum err e;

	if (text == NULL)
		return EXIT_USER;
	err_clear(&ei);
	if (flen > 4 && strcmp(file + flen - 4, ".csv") == 0) {
		json_error_t jerr;
		json_t *meta, *doc = NULL;

		if (meta_file == NULL) {
			free(text);
			err_set(&ei, ERR_INVALID, "criteria.meta_required", "meta",
			    "%s: một bảng CSV cần --meta META.json",
			    "%s: a CSV table needs --meta META.json", file);
			return cli_fail("criteria", &ei);
		}
		if ((meta = json_load_file(meta_file, 0, &jerr)) == NULL) {
			free(text);
			err_set(&ei, ERR_MALFORMED, "criteria.bad_meta", "meta",
			    "%s: dòng %d: %s",
			    "%s: line %d: %s", meta_file, jerr.line, jerr.text);
			return cli_fail("criteria", &ei);
		}
		e = crit_doc_from_csv(text, len, meta, &doc, &ei);
		json_decref(meta);
		free(text);
		if (e != ERR_OK)
			return cli_fail("criteria", &ei);
		text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		json_decref(doc);
		len = strlen(text);
	}
	/* The faults of a set name their JSON path. */
	return cli_store_text(db, "criteria", file, text, len,
	    crit_store_import, note, true);
}

static int
criteria_main(int argc, char **argv)
{
	struct cli_doc_opts o;
	const char *action;
	struct errinfo ei;
	struct db *db;
	int rc;

	if (!cli_doc_options(&cmd_criteria, opts, argc, argv, &o, &rc))
		return rc;
	if (optind >= argc)
		return cli_usage_error(&cmd_criteria, "expected an action: list, "
		    "show, import or recompute%s", NULL);
	action = argv[optind];
	if (strcmp(action, "list") == 0 ? argc - optind != 1 :
	    (strcmp(action, "show") == 0 || strcmp(action, "import") == 0 ||
	    strcmp(action, "recompute") == 0) ? argc - optind != 2 : true) {
		if (strcmp(action, "list") != 0 && strcmp(action, "show") != 0 &&
		    strcmp(action, "import") != 0 &&
		    strcmp(action, "recompute") != 0)
			return cli_usage_error(&cmd_criteria,
			    "unknown action '%s'", action);
		return cli_usage_error(&cmd_criteria, "wrong arguments for '%s'",
		    action);
	}
	err_clear(&ei);
	if (cli_open_db(cli_db_target(o.db), &db, &ei) != ERR_OK)
		return cli_fail("criteria", &ei);
	if (strcmp(action, "list") == 0)
		rc = do_list(db);
	else if (strcmp(action, "show") == 0) {
		json_t *j;

		if (crit_store_get(db, argv[optind + 1], (int)o.version, &j, &ei) !=
		    ERR_OK)
			rc = cli_fail("criteria", &ei);
		else {
			rc = cli_print_json(json_incref(json_object_get(j, "set")));
			json_decref(j);
		}
	} else if (strcmp(action, "import") == 0)
		rc = do_import(db, argv[optind + 1], o.note, o.meta);
	else {
		long units = 0;
		double t0 = cli_seconds();

		if (crit_store_recompute(db, argv[optind + 1], (int)o.year, &units,
		    &ei) != ERR_OK)
			rc = cli_fail("criteria", &ei);
		else
			printf("%s: %ld evaluations recomputed in %.2f s\n",
			    argv[optind + 1], units, cli_seconds() - t0);
	}
	db_close(db);
	return rc;
}
