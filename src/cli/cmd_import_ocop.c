/*
 * cmd_import_ocop.c - "ntm import ocop FILE [--as USERNAME]": a
 * province's OCOP list (CSV or XLSX) imported through ocop_import, all or
 * nothing (docs/OCOP.md section 5).  With --as the import is that
 * account's (its province officer's scope, its name in the audit trail
 * and the history); without it the command line acts as the national
 * coordination ("ntm", every province), as `ntm import units` does, which
 * registers products but records no certificate (the cycle's
 * record_certificate is a province officer's step).
 * Every bad row on stderr, one line each: "FILE: dòng N, cột C: ...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/msg.h"
#include "domain/auth/auth_internal.h"
#include "domain/ocop/ocop_import.h"

/* The principal of --as, or the command line's own. */
static enum err
importer(struct db *db, struct arena *a, const char *as, struct principal *p,
    struct errinfo *ei)
{
	struct db_stmt *st;
	int64_t id = 0;

	if (as == NULL) {
		*p = (struct principal){ .username = "ntm",
		    .full_name = "ntm (dòng lệnh)", .nroles = 1,
		    .roles = { { ROLE_COORDINATOR, "2025", "VN" } } };
		return ERR_OK;
	}
	st = db_stmt(db, STMT_AUTH_USER_ID_BY_NAME);
	db_bind_text(st, 1, as);
	if (db_step(st, ei) == 1)
		id = db_col_int(st, 0);
	db_end_reads(db);
	if (id == 0)
		return err_set(ei, ERR_NOTFOUND, "import.no_user", "as",
		    "không có tài khoản %s", "there is no account %s", as);
	return auth_principal_load(db, a, id, p, ei);
}

static void
print_summary(const char *file, json_t *r)
{
	json_t *p;
	size_t i;

	printf("%s: %lld rows: %lld products (%lld certified, %lld rated 1-2 "
	    "stars, %lld not yet rated), %lld producers created\n", file,
	    json_integer_value(json_object_get(r, "rows")),
	    json_integer_value(json_object_get(r, "products")),
	    json_integer_value(json_object_get(r, "certificates")),
	    json_integer_value(json_object_get(r, "rated")),
	    json_integer_value(json_object_get(r, "registered")),
	    json_integer_value(json_object_get(r, "producers_created")));
	json_array_foreach(json_object_get(r, "provinces"), i, p)
		printf("  %s: %lld products; 5 stars %lld, 4 stars %lld, "
		    "3 stars %lld, 2 stars %lld, 1 star %lld, not rated %lld\n",
		    json_string_value(json_object_get(p, "province")),
		    json_integer_value(json_object_get(p, "products")),
		    json_integer_value(json_object_get(p, "stars5")),
		    json_integer_value(json_object_get(p, "stars4")),
		    json_integer_value(json_object_get(p, "stars3")),
		    json_integer_value(json_object_get(p, "stars2")),
		    json_integer_value(json_object_get(p, "stars1")),
		    json_integer_value(json_object_get(p, "unrated")));
}

int
cli_import_ocop(const char *db_flag, const char *file, const char *as)
{
	struct arena *a = arena_new(4096);
	struct principal p;
	struct errinfo ei;
	struct db *db = NULL;
	json_t *result = NULL, *errors = NULL, *row;
	char *data;
	size_t len, i;
	int rc = EXIT_OK;
	enum err e;

	err_clear(&ei);
	if ((data = cli_read_file("import", "ocop", file, OCOP_IMPORT_MAX,
	    &len)) == NULL) {
		arena_free(a);
		return EXIT_USER;
	}
	if ((e = cli_open_db(cli_db_target(db_flag), &db, &ei)) == ERR_OK &&
	    (e = importer(db, a, as, &p, &ei)) == ERR_OK)
		e = ocop_import(db, &p, data, len, file, cli_lang(), &result,
		    &errors, &ei);
	json_array_foreach(errors, i, row)
		fprintf(stderr, "%s: %s %lld, %s %s: %s\n", file,
		    msg_get(cli_lang(), "ocop_import_row"),
		    json_integer_value(json_object_get(row, "row")),
		    msg_get(cli_lang(), "ocop_import_column"),
		    json_string_value(json_object_get(row, "column")),
		    json_string_value(json_object_get(row, "message")));
	if (e != ERR_OK)
		rc = cli_fail("import", &ei);
	else
		print_summary(file, result);
	json_decref(errors);
	json_decref(result);
	if (db != NULL)
		db_close(db);
	free(data);
	arena_free(a);
	return rc;
}
