/*
 * cmd_import.c - "ntm import KIND FILE": bulk imports, all-or-nothing.
 * Kinds: units (any of the unit CSV layouts; see docs/IMPORT.md) and
 * indicators (indicator values for criteria sets; every bad row reported);
 * ocop (a province's OCOP list, CSV or XLSX: cmd_import_ocop.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "domain/criteria/criteria_store.h"
#include "domain/units/units.h"

static int import_main(int argc, char **argv);

const struct cmd cmd_import = {
	"import", "bulk import from a CSV file (all-or-nothing)",
	"usage: ntm import [--db DB] [--dry-run] KIND FILE\n"
	"       ntm import [--db DB] [--as USERNAME] ocop FILE\n"
	"\n"
	"Import FILE in one transaction: one bad row and nothing is written;\n"
	"the error names the file, line and column.\n"
	"\n"
	"Kinds:\n"
	"  units        administrative units, regions or lineage; the layout\n"
	"               is recognised from the header (docs/IMPORT.md)\n"
	"  indicators   indicator values: structure,code,set_id,year,indicator,\n"
	"               value (docs/IMPORT.md); every bad row is listed\n"
	"  ocop         a province's OCOP products, CSV or XLSX: product_name,\n"
	"               producer_name, producer_type, structure, commune_code,\n"
	"               group, stars, certificate_no, issued, expires\n"
	"               (docs/OCOP.md section 5); every bad row is listed\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n"
	"  --dry-run    check and count, then write nothing (not for ocop)\n"
	"  --as USER    ocop: import as this account (its province; its name\n"
	"               in the audit trail); default the command line, every\n"
	"               province, no certificates (the province's step)\n",
	import_main,
};

static const struct option import_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "as", required_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Indicator values: all or nothing, every bad row on stderr. */
static int
import_indicators(const char *db_flag, const char *file, bool dry_run)
{
	struct crit_import_stats st;
	struct errinfo ei;
	struct db *db;
	json_t *errors = NULL, *row;
	FILE *f;
	size_t i;
	enum err e;

	err_clear(&ei);
	if ((f = fopen(file, "rb")) == NULL) {
		err_set(&ei, ERR_INVALID, "import.open", "file",
		    "không mở được %s",
		    "cannot open %s", file);
		return cli_fail("import", &ei);
	}
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK) {
		fclose(f);
		return cli_fail("import", &ei);
	}
	e = crit_values_import(db, NULL, f, file, "vi", dry_run, NULL, NULL, &st,
	    &errors, &ei);
	fclose(f);
	db_close(db);
	if (e != ERR_OK) {
		json_array_foreach(errors, i, row)
			fprintf(stderr, "%s: %s %lld, %s: %s\n", file,
			    msg_get(cli_lang(), "csv_line"),
			    json_integer_value(json_object_get(row, "line")),
			    json_string_value(json_object_get(row, "field")),
			    json_string_value(json_object_get(row, "message")));
		json_decref(errors);
		return cli_fail("import", &ei);
	}
	json_decref(errors);
	printf("%s%s: %ld rows, %ld unit-years, %ld evaluations changed\n",
	    dry_run ? "dry run, nothing written: " : "", file, st.rows,
	    st.units, st.evaluations);
	return EXIT_OK;
}

/* The bad rows of a units file, each on its own line of stderr
 * ("ntm import: FILE: line N, column C (name): why") when there are
 * several; a single one is the command's one error line, as ever. */
struct unit_problems {
	const char *file;
	size_t n;
	char first[640];	/* printed once a second one comes */
};

static void
print_unit_problem(void *ctx, const struct units_problem *p)
{
	struct unit_problems *up = ctx;
	bool en = strcmp(cli_lang(), "en") == 0;
	char line[640];

	if (p->column > 0)
		snprintf(line, sizeof(line), en ? "ntm import: %s: line %ld, "
		    "column %d (%s): %s\n" : "ntm import: %s: dòng %ld, cột %d "
		    "(%s): %s\n", up->file, p->line, p->column, p->field ?
		    p->field : "", en ? p->message_en : p->message_vi);
	else
		snprintf(line, sizeof(line), en ? "ntm import: %s: line %ld: "
		    "%s\n" : "ntm import: %s: dòng %ld: %s\n", up->file,
		    p->line, en ? p->message_en : p->message_vi);
	if (up->n++ == 0) {
		memcpy(up->first, line, sizeof(line));
		return;
	}
	if (up->n == 2)
		fputs(up->first, stderr);
	fputs(line, stderr);
}

static int
import_main(int argc, char **argv)
{
	const char *db_flag = NULL, *as = NULL, *kind, *file;
	struct units_import_stats st = { 0 };
	struct unit_problems problems = { .file = NULL };
	struct errinfo ei;
	struct db *db;
	bool dry_run = false;
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", import_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'n': dry_run = true; break;
		case 'a': as = optarg; break;
		case 'h': fputs(cmd_import.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_import, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_import, "expected KIND and FILE%s", NULL);
	kind = argv[optind];
	file = argv[optind + 1];
	if (strcmp(kind, "ocop") == 0 && dry_run)
		return cli_usage_error(&cmd_import, "--dry-run is not available "
		    "for %s", kind);
	if (strcmp(kind, "ocop") != 0 && as != NULL)
		return cli_usage_error(&cmd_import, "--as is only for ocop, not "
		    "%s", kind);
	if (strcmp(kind, "ocop") == 0)
		return cli_import_ocop(db_flag, file, as);
	if (strcmp(kind, "indicators") == 0)
		return import_indicators(db_flag, file, dry_run);
	if (strcmp(kind, "units") != 0)
		return cli_usage_error(&cmd_import, "unknown kind '%s' (units, "
		    "indicators, ocop)", kind);
	err_clear(&ei);
	problems.file = file;
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("import", &ei);
	if (db_begin(db, &ei) != ERR_OK ||
	    units_import_file_all(db, file, print_unit_problem, &problems,
	    &st, &ei) != ERR_OK ||
	    cli_audit_import(db, "units.import", file, &st, &ei) != ERR_OK) {
		db_rollback(db);
		db_close(db);
		if (problems.n < 2)
			return cli_fail("import", &ei);
		fprintf(stderr, strcmp(cli_lang(), "en") == 0 ?
		    "ntm import: %s: %zu bad row(s), nothing imported\n" :
		    "ntm import: %s: %zu dòng lỗi, không nhập gì\n", file,
		    problems.n);
		return EXIT_USER;
	}
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db, &ei) != ERR_OK) {
		db_close(db);
		return cli_fail("import", &ei);
	}
	db_close(db);
	printf("%s%s: %lld units, %lld lineage links, %lld regions\n",
	    dry_run ? "dry run, nothing written: " : "", file,
	    (long long)st.units, (long long)st.lineage, (long long)st.regions);
	return EXIT_OK;
}
