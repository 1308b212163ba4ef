/*
 * cmd_copy.c - "ntm copy --from DB --to DB": move a whole installation to
 * another database, typically from a SQLite file to PostgreSQL when a
 * deployment outgrows one machine.  The target is migrated, must be empty
 * (no units, accounts or audit entries: nothing is ever overwritten), and
 * receives every table in one transaction, rows in foreign-key order, the
 * audit trail entry for entry so its hash chain stays intact (check it
 * with "ntm audit verify --db TARGET").  Not copied: survey_rate, open
 * mode's hourly counters, keyed by a hash whose key only the running
 * process held (docs/SURVEYS.md) - meaningless anywhere else.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int copy_main(int argc, char **argv);

const struct cmd cmd_copy = {
	"copy", "copy a whole installation into another (empty) database",
	"usage: ntm copy --from DB --to DB\n"
	"\n"
	"Copy every table of --from into --to (a SQLite file or a\n"
	"postgresql:// URL) in one transaction.  --to is created or migrated\n"
	"and must hold no units, accounts or audit entries.  Afterwards run\n"
	"'ntm audit verify --db TO'.\n",
	copy_main,
};

static const struct option copy_opts[] = {
	{ "from", required_argument, NULL, 'f' },
	{ "to", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Foreign-key order: regions and units before what points at them. */
static const struct copy_table {
	const char *name;
	enum stmt_id get, put;
	int ncols;
	int blob;	/* the 1-based column holding bytes; 0: none */
} tables[] = {
	{ "region7", STMT_COPY_GET_REGION7, STMT_COPY_PUT_REGION7, 4, 0 },
	{ "unit", STMT_COPY_GET_UNIT, STMT_COPY_PUT_UNIT, 14, 0 },
	{ "unit_search", STMT_COPY_GET_UNIT_SEARCH, STMT_COPY_PUT_UNIT_SEARCH, 4, 0 },
	{ "unit_lineage", STMT_COPY_GET_UNIT_LINEAGE, STMT_COPY_PUT_UNIT_LINEAGE, 7, 0 },
	{ "meta", STMT_COPY_GET_META, STMT_COPY_PUT_META, 2, 0 },
	{ "app_user", STMT_COPY_GET_APP_USER, STMT_COPY_PUT_APP_USER, 7, 0 },
	{ "user_role", STMT_COPY_GET_USER_ROLE, STMT_COPY_PUT_USER_ROLE, 4, 0 },
	{ "user_session", STMT_COPY_GET_USER_SESSION, STMT_COPY_PUT_USER_SESSION, 6, 0 },
	{ "api_token", STMT_COPY_GET_API_TOKEN, STMT_COPY_PUT_API_TOKEN, 7, 0 },
	{ "login_failure", STMT_COPY_GET_LOGIN_FAILURE, STMT_COPY_PUT_LOGIN_FAILURE, 2, 0 },
	{ "audit_log", STMT_COPY_GET_AUDIT_LOG, STMT_COPY_PUT_AUDIT_LOG, 15, 0 },
	{ "audit_checkpoint", STMT_COPY_GET_AUDIT_CHECKPOINT, STMT_COPY_PUT_AUDIT_CHECKPOINT, 5, 0 },
	{ "criteria_set", STMT_COPY_GET_CRITERIA_SET, STMT_COPY_PUT_CRITERIA_SET, 14, 0 },
	{ "criteria_override", STMT_COPY_GET_CRITERIA_OVERRIDE, STMT_COPY_PUT_CRITERIA_OVERRIDE, 9, 0 },
	{ "unit_attribute", STMT_COPY_GET_UNIT_ATTRIBUTE, STMT_COPY_PUT_UNIT_ATTRIBUTE, 8, 0 },
	{ "indicator_value", STMT_COPY_GET_INDICATOR_VALUE, STMT_COPY_PUT_INDICATOR_VALUE, 8, 0 },
	{ "evaluation", STMT_COPY_GET_EVALUATION, STMT_COPY_PUT_EVALUATION, 13, 0 },
	{ "unit_scope", STMT_COPY_GET_UNIT_SCOPE, STMT_COPY_PUT_UNIT_SCOPE, 6, 0 },
	{ "rollup", STMT_COPY_GET_ROLLUP, STMT_COPY_PUT_ROLLUP, 13, 0 },
	{ "survey", STMT_COPY_GET_SURVEY, STMT_COPY_PUT_SURVEY, 9, 0 },
	{ "survey_campaign", STMT_COPY_GET_SURVEY_CAMPAIGN, STMT_COPY_PUT_SURVEY_CAMPAIGN, 18, 0 },
	{ "survey_code", STMT_COPY_GET_SURVEY_CODE, STMT_COPY_PUT_SURVEY_CODE, 5, 0 },
	{ "survey_code_batch", STMT_COPY_GET_SURVEY_CODE_BATCH, STMT_COPY_PUT_SURVEY_CODE_BATCH, 4, 0 },
	{ "survey_response", STMT_COPY_GET_SURVEY_RESPONSE, STMT_COPY_PUT_SURVEY_RESPONSE, 6, 0 },
	{ "survey_tally", STMT_COPY_GET_SURVEY_TALLY, STMT_COPY_PUT_SURVEY_TALLY, 5, 0 },
	{ "survey_comment", STMT_COPY_GET_SURVEY_COMMENT, STMT_COPY_PUT_SURVEY_COMMENT, 6, 0 },
	{ "wf_procedure", STMT_COPY_GET_WF_PROCEDURE, STMT_COPY_PUT_WF_PROCEDURE, 9, 0 },
	{ "wf_instance", STMT_COPY_GET_WF_INSTANCE, STMT_COPY_PUT_WF_INSTANCE, 12, 0 },
	{ "wf_event", STMT_COPY_GET_WF_EVENT, STMT_COPY_PUT_WF_EVENT, 13, 0 },
	{ "dossier", STMT_COPY_GET_DOSSIER, STMT_COPY_PUT_DOSSIER, 22, 0 },
	{ "attachment_blob", STMT_COPY_GET_ATTACHMENT_BLOB, STMT_COPY_PUT_ATTACHMENT_BLOB, 3, 3 },
	{ "dossier_attachment", STMT_COPY_GET_DOSSIER_ATTACHMENT, STMT_COPY_PUT_DOSSIER_ATTACHMENT, 11, 0 },
	{ "dossier_criterion", STMT_COPY_GET_DOSSIER_CRITERION, STMT_COPY_PUT_DOSSIER_CRITERION, 6, 0 },
	{ "dossier_comment", STMT_COPY_GET_DOSSIER_COMMENT, STMT_COPY_PUT_DOSSIER_COMMENT, 8, 0 },
	{ "dossier_vote", STMT_COPY_GET_DOSSIER_VOTE, STMT_COPY_PUT_DOSSIER_VOTE, 7, 0 },
	/* After the dossiers that granted and ended the titles. */
	{ "unit_recognition", STMT_COPY_GET_UNIT_RECOGNITION, STMT_COPY_PUT_UNIT_RECOGNITION, 12, 0 },
	{ "rep_form", STMT_COPY_GET_REP_FORM, STMT_COPY_PUT_REP_FORM, 9, 0 },
	{ "rep_report", STMT_COPY_GET_REP_REPORT, STMT_COPY_PUT_REP_REPORT, 14, 14 },
	{ "rep_value", STMT_COPY_GET_REP_VALUE, STMT_COPY_PUT_REP_VALUE, 5, 0 },
	{ "rep_value_history", STMT_COPY_GET_REP_VALUE_HISTORY, STMT_COPY_PUT_REP_VALUE_HISTORY, 12, 0 },
	{ "rep_aggregate", STMT_COPY_GET_REP_AGGREGATE, STMT_COPY_PUT_REP_AGGREGATE, 8, 0 },
	{ "ocop_scorecard", STMT_COPY_GET_OCOP_SCORECARD, STMT_COPY_PUT_OCOP_SCORECARD, 9, 0 },
	/* OCOP: after the users, units, workflow instances and blobs. */
	{ "ocop_producer", STMT_COPY_GET_OCOP_PRODUCER, STMT_COPY_PUT_OCOP_PRODUCER, 13, 0 },
	{ "ocop_producer_user", STMT_COPY_GET_OCOP_PRODUCER_USER, STMT_COPY_PUT_OCOP_PRODUCER_USER, 2, 0 },
	{ "ocop_product", STMT_COPY_GET_OCOP_PRODUCT, STMT_COPY_PUT_OCOP_PRODUCT, 19, 0 },
	{ "ocop_product_photo", STMT_COPY_GET_OCOP_PRODUCT_PHOTO, STMT_COPY_PUT_OCOP_PRODUCT_PHOTO, 11, 0 },
	{ "ocop_product_history", STMT_COPY_GET_OCOP_PRODUCT_HISTORY, STMT_COPY_PUT_OCOP_PRODUCT_HISTORY, 8, 0 },
	{ "ocop_certificate", STMT_COPY_GET_OCOP_CERTIFICATE, STMT_COPY_PUT_OCOP_CERTIFICATE, 19, 0 },
	{ "ocop_certificate_seq", STMT_COPY_GET_OCOP_CERTIFICATE_SEQ, STMT_COPY_PUT_OCOP_CERTIFICATE_SEQ, 3, 0 },
	{ "ocop_round", STMT_COPY_GET_OCOP_ROUND, STMT_COPY_PUT_OCOP_ROUND, 12, 0 },
	{ "ocop_round_member", STMT_COPY_GET_OCOP_ROUND_MEMBER, STMT_COPY_PUT_OCOP_ROUND_MEMBER, 3, 0 },
	{ "ocop_round_product", STMT_COPY_GET_OCOP_ROUND_PRODUCT, STMT_COPY_PUT_OCOP_ROUND_PRODUCT, 8, 0 },
	{ "ocop_round_sheet", STMT_COPY_GET_OCOP_ROUND_SHEET, STMT_COPY_PUT_OCOP_ROUND_SHEET, 9, 0 },	/* The marketplace: after the OCOP tables; orders after their
	 * workflow instances, transfers after their uploads. */
	{ "market_shop", STMT_COPY_GET_MARKET_SHOP, STMT_COPY_PUT_MARKET_SHOP, 10, 0 },
	{ "market_shipping_rule", STMT_COPY_GET_MARKET_SHIPPING_RULE, STMT_COPY_PUT_MARKET_SHIPPING_RULE, 9, 0 },
	{ "market_listing", STMT_COPY_GET_MARKET_LISTING, STMT_COPY_PUT_MARKET_LISTING, 17, 0 },
	{ "market_listing_photo", STMT_COPY_GET_MARKET_LISTING_PHOTO, STMT_COPY_PUT_MARKET_LISTING_PHOTO, 12, 0 },
	{ "market_fee", STMT_COPY_GET_MARKET_FEE, STMT_COPY_PUT_MARKET_FEE, 5, 0 },
	{ "market_order", STMT_COPY_GET_MARKET_ORDER, STMT_COPY_PUT_MARKET_ORDER, 26, 0 },
	{ "market_order_line", STMT_COPY_GET_MARKET_ORDER_LINE, STMT_COPY_PUT_MARKET_ORDER_LINE, 9, 0 },
	{ "market_review", STMT_COPY_GET_MARKET_REVIEW, STMT_COPY_PUT_MARKET_REVIEW, 6, 0 },
	{ "market_bank_upload", STMT_COPY_GET_MARKET_BANK_UPLOAD, STMT_COPY_PUT_MARKET_BANK_UPLOAD, 8, 0 },
	{ "market_transfer", STMT_COPY_GET_MARKET_TRANSFER, STMT_COPY_PUT_MARKET_TRANSFER, 10, 0 },
	{ "legal_document", STMT_COPY_GET_LEGAL_DOCUMENT, STMT_COPY_PUT_LEGAL_DOCUMENT, 11, 0 },
	/* Pilot models: after the units, users and blobs. */
	{ "pilot", STMT_COPY_GET_PILOT, STMT_COPY_PUT_PILOT, 21, 0 },
	{ "pilot_note", STMT_COPY_GET_PILOT_NOTE, STMT_COPY_PUT_PILOT_NOTE, 6, 0 },
	{ "pilot_photo", STMT_COPY_GET_PILOT_PHOTO, STMT_COPY_PUT_PILOT_PHOTO, 7, 0 },
	{ "pilot_indicator", STMT_COPY_GET_PILOT_INDICATOR, STMT_COPY_PUT_PILOT_INDICATOR, 10, 0 },
	{ "outbox", STMT_COPY_GET_OUTBOX, STMT_COPY_PUT_OUTBOX, 13, 0 },
};

/* Ids copied with their values leave PostgreSQL's identity sequences
 * behind; move them past the copied rows (SQLite needs nothing). */
static const char pg_sequences[] =
    "SELECT setval(pg_get_serial_sequence('app_user', 'id'), "
    "COALESCE((SELECT MAX(id) FROM app_user), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('api_token', 'id'), "
    "COALESCE((SELECT MAX(id) FROM api_token), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('survey', 'id'), "
    "COALESCE((SELECT MAX(id) FROM survey), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('survey_campaign', 'id'), "
    "COALESCE((SELECT MAX(id) FROM survey_campaign), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('wf_instance', 'id'), "
    "COALESCE((SELECT MAX(id) FROM wf_instance), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('dossier', 'id'), "
    "COALESCE((SELECT MAX(id) FROM dossier), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('dossier_attachment', 'id'), "
    "COALESCE((SELECT MAX(id) FROM dossier_attachment), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('dossier_comment', 'id'), "
    "COALESCE((SELECT MAX(id) FROM dossier_comment), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('rep_report', 'id'), "
    "COALESCE((SELECT MAX(id) FROM rep_report), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('rep_value_history', 'id'), "
    "COALESCE((SELECT MAX(id) FROM rep_value_history), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_producer', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_producer), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_product', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_product), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_product_photo', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_product_photo), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_product_history', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_product_history), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_certificate', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_certificate), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('ocop_round', 'id'), "
    "COALESCE((SELECT MAX(id) FROM ocop_round), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_shipping_rule', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_shipping_rule), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_listing', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_listing), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_listing_photo', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_listing_photo), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_order', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_order), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_bank_upload', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_bank_upload), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('market_transfer', 'id'), "
    "COALESCE((SELECT MAX(id) FROM market_transfer), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('pilot', 'id'), "
    "COALESCE((SELECT MAX(id) FROM pilot), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('pilot_note', 'id'), "
    "COALESCE((SELECT MAX(id) FROM pilot_note), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('pilot_photo', 'id'), "
    "COALESCE((SELECT MAX(id) FROM pilot_photo), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('pilot_indicator', 'id'), "
    "COALESCE((SELECT MAX(id) FROM pilot_indicator), 0) + 1, false);"
    "SELECT setval(pg_get_serial_sequence('outbox', 'id'), "
    "COALESCE((SELECT MAX(id) FROM outbox), 0) + 1, false);";

static enum err
copy_table(struct db *from, struct db *to, const struct copy_table *t,
    int64_t *rows, struct errinfo *ei)
{
	struct db_stmt *get = db_stmt(from, t->get);
	int rc;

	*rows = 0;
	while ((rc = db_step(get, ei)) == 1) {
		struct db_stmt *put = db_stmt(to, t->put);
		enum err e;

		/* Text in, text out: both backends convert to the column's
		 * type, and NULL stays NULL. */
		for (int i = 0; i < t->ncols; i++) {
			const void *p;
			size_t n;

			if (i + 1 == t->blob) {	/* bytes stay bytes */
				p = db_col_blob(get, i, &n);
				if (p == NULL)
					db_bind_null(put, i + 1);
				else
					db_bind_blob(put, i + 1, p, n);
				continue;
			}
			db_bind_text(put, i + 1, db_col_text(get, i));
		}
		if ((e = db_exec(put, ei)) != ERR_OK) {
			/* Copied first: the new message is written where the
			 * cause is, and keeps it in both languages. */
			struct errinfo cause = *ei;

			return err_set(ei, e, "copy.row", NULL,
			    "bảng %s, dòng %lld: %.190s%.0s",
			    "table %s, row %lld: %.0s%.190s", t->name,
			    (long long)*rows + 1, cause.message,
			    cause.message_en);
		}
		(*rows)++;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

static int
copy_main(int argc, char **argv)
{
	const char *from_t = NULL, *to_t = NULL;
	struct db *from = NULL, *to = NULL;
	struct errinfo ei;
	struct db_stmt *st;
	double t0 = cli_seconds();
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", copy_opts, NULL)) != -1) {
		switch (c) {
		case 'f': from_t = optarg; break;
		case 't': to_t = optarg; break;
		case 'h': fputs(cmd_copy.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_copy, argv);
		}
	}
	if (from_t == NULL || to_t == NULL || optind < argc)
		return cli_usage_error(&cmd_copy, "--from DB and --to DB are "
		    "required%s", NULL);
	if (strcmp(from_t, to_t) == 0)
		return cli_usage_error(&cmd_copy, "--from and --to are the same "
		    "database: '%s'", db_target_safe(from_t));
	err_clear(&ei);
	if (cli_open_db(from_t, &from, &ei) != ERR_OK)
		return cli_fail("copy", &ei);
	if (db_open(to_t, DB_CREATE, &to, &ei) != ERR_OK ||
	    db_migrate(to, NULL, &ei) != ERR_OK ||
	    db_prepare_all(to, &ei) != ERR_OK)
		goto fail;
	st = db_stmt(to, STMT_COPY_IS_EMPTY);
	if (db_step(st, &ei) != 1)
		goto fail;
	if (db_col_int(st, 0) != 0) {
		err_set(&ei, ERR_CONFLICT, "copy.not_empty", "to",
		    "%s đã có dữ liệu; ntm copy chỉ chép vào cơ sở dữ liệu trống",
		    "%s already holds data; ntm copy copies only into an "
		    "empty database",
		    db_target_safe(to_t));
		goto fail;
	}
	db_end_reads(to);
	if (db_begin(to, &ei) != ERR_OK)
		goto fail;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		int64_t rows;

		if (copy_table(from, to, &tables[i], &rows, &ei) != ERR_OK) {
			db_rollback(to);
			goto fail;
		}
		fprintf(stderr, "ntm copy: %-18s %8lld rows\n", tables[i].name,
		    (long long)rows);
	}
	if (strcmp(db_backend(to), "postgresql") == 0 &&
	    db_exec_script(to, pg_sequences, &ei) != ERR_OK) {
		db_rollback(to);
		goto fail;
	}
	if (db_commit(to, &ei) != ERR_OK)
		goto fail;
	db_close(from);
	db_close(to);
	fprintf(stderr, "ntm copy: done in %.1f s; check it with "
	    "'ntm audit verify --db %s'\n", cli_seconds() - t0,
	    db_target_safe(to_t));
	return EXIT_OK;
fail:
	db_close(from);
	db_close(to);
	return cli_fail("copy", &ei);
}
