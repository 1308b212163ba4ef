/*
 * common.c - what the commands share: where the database and the data
 * are, opening and initialising the database, one-line errors.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/reporting/reporting.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/xalloc.h"
#include "domain/audit/audit.h"
#include "domain/criteria/criteria_store.h"
#include "domain/legal/legal.h"
#include "domain/ocop/ocop_scorecard_store.h"
#include "domain/reporting/rep_store.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"

double
cli_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *
cli_db_target(const char *flag)
{
	const char *env = getenv("NTM_DB");

	if (flag != NULL)
		return flag;
	return (env != NULL && env[0] != '\0') ? env : "ntm.db";
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
cli_data_dir(const char *flag)
{
	static char path[PATH_MAX + 32];
	char exe[PATH_MAX];
	const char *env = getenv("NTM_DATA");
	ssize_t n;

	if (flag != NULL)
		return flag;
	if (env != NULL && env[0] != '\0')
		return env;
	/* The project the binary was built in: build/ntm or build/asan/ntm
	 * -> data/admin one or two folders up. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/../data/admin", exe);
			if (is_dir(path))
				return path;
			snprintf(path, sizeof(path), "%s/../../data/admin", exe);
			if (is_dir(path))
				return path;
		}
	}
	if (is_dir("data/admin"))
		return "data/admin";
	return "/usr/share/ntm/data/admin";
}

/*
 * The locale is the first of LC_ALL, LC_MESSAGES and LANG that is set and
 * not empty (the order in which POSIX lets them override each other); it
 * asks for English when it starts with "en" ("en", "en_US.UTF-8",
 * "en_GB"...).  Any other locale, "C" and "C.UTF-8" included, and no
 * locale at all, keep Vietnamese, the language of the programme.
 */
const char *
cli_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && v[0] != '\0')
			return strncmp(v, "en", 2) == 0 ? "en" : "vi";
	}
	return "vi";
}

int
cli_fail(const char *cmd, const struct errinfo *ei)
{
	fprintf(stderr, "ntm %s: %s\n", cmd, ei->message[0] ?
	    err_message(ei, cli_lang()) : err_name(ei->err));
	return EXIT_USER;
}

/* fmt is one of the fixed messages of the commands, holding one %s. */
static void
vfprintf_checked(const char *fmt, const char *arg)
{
	const char *p = strstr(fmt, "%s");

	if (p == NULL) {
		fputs(fmt, stderr);
		return;
	}
	fwrite(fmt, 1, (size_t)(p - fmt), stderr);
	fputs(arg ? arg : "", stderr);
	fputs(p + 2, stderr);
}

int
cli_usage_error(const struct cmd *c, const char *fmt, const char *arg)
{
	fprintf(stderr, "ntm %s: ", c->name);
	vfprintf_checked(fmt, arg);
	fprintf(stderr, "\nTry 'ntm %s --help'.\n", c->name);
	return EXIT_USAGE;
}

int
cli_bad_option(const struct cmd *c, char **argv)
{
	const char *opt = optind > 0 ? argv[optind - 1] : "?";

	return cli_usage_error(c, "unknown option or missing value: '%s'", opt);
}

enum err
cli_audit_import(struct db *db, const char *what, const char *file,
    const struct units_import_stats *st, struct errinfo *ei)
{
	/* The command line acts as the machine's operator. */
	struct audit_actor who = { .username = "(command line)" };
	const char *base = strrchr(file, '/');

	return audit_record(db, &who, what, NULL, NULL, json_pack("{s:I, s:I, "
	    "s:I}", "units", (json_int_t)st->units, "lineage",
	    (json_int_t)st->lineage, "regions", (json_int_t)st->regions), ei,
	    "file:%.200s", base ? base + 1 : file);
}

enum err
cli_open_db(const char *target, struct db **out, struct errinfo *ei)
{
	enum err e = db_open(target, DB_EXISTING, out, ei);

	if (e != ERR_OK)
		return e;
	switch (db_schema_version(*out, ei)) {
	case -1:
		db_close(*out);
		*out = NULL;
		return ei->err;
	case 0:
		db_close(*out);
		*out = NULL;
		return err_set(ei, ERR_INVALID, "db.empty", "db",
		    "%s chưa được khởi tạo; chạy 'ntm init --db %s' trước",
		    "%s was never initialised; run 'ntm init --db %s' first",
		    db_target_safe(target), db_target_safe(target));
	default:
		break;
	}
	if ((e = db_migrate(*out, NULL, ei)) != ERR_OK ||
	    (e = db_prepare_all(*out, ei)) != ERR_OK) {
		db_close(*out);
		*out = NULL;
	}
	return e;
}

/* A fingerprint of the national files: FNV-1a over names and contents. */
static enum err
data_fingerprint(const char *dir, char *out, size_t outlen,
    struct errinfo *ei)
{
	static const char *const files[] = { "regions_ntm7.csv",
	    "provinces_34_2025.csv", "communes_3321_2025.csv",
	    "provinces_63_pre2025.csv", "districts_696_pre2025.csv",
	    "communes_10035_pre2025.csv", "commune_mapping_pre2025_to_2025.csv" };
	uint64_t h = HASH_FNV1A_INIT;
	char path[PATH_MAX + 64], chunk[65536];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if ((f = fopen(path, "rb")) == NULL)
			return err_set(ei, ERR_INVALID, "init.data", "data",
			    "không đọc được dữ liệu đơn vị hành chính %s "
			    "(dùng --data DIR)",
			    "cannot read the administrative unit data %s "
			    "(use --data DIR)", path);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			h = hash_fnv1a(h, chunk, n);
		fclose(f);
	}
	snprintf(out, outlen, "%016llx", (unsigned long long)h);
	return ERR_OK;
}

const char *
cli_criteria_dir(const char *data_dir)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/../../criteria", data_dir);
	if (is_dir(path))
		return path;
	if (is_dir("criteria"))
		return "criteria";
	return "/usr/share/ntm/criteria";
}

/*
 * The criteria side of init: the roll-up scopes (after a units load, or
 * when a database migrated to the criteria schema has none yet) and the
 * sets shipped in criteria/, with the survey templates, the procedures of
 * procedures/ and the report forms of forms/ beside it (a version already
 * stored is skipped).
 */
static enum err
init_criteria(struct db *db, const char *data_dir, bool quiet,
    bool units_loaded, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CRIT_SCOPE_COUNT);
	bool empty = units_loaded ||
	    (db_step(st, NULL) == 1 && db_col_int(st, 0) == 0);
	int imported = 0;
	enum err e;

	db_end_reads(db);
	if (empty) {
		if ((e = db_begin(db, ei)) != ERR_OK)
			return e;
		if ((e = crit_store_build_scopes(db, ei)) != ERR_OK ||
		    (e = db_commit(db, ei)) != ERR_OK) {
			db_rollback(db);
			return e;
		}
	}
	if ((e = crit_store_import_dir(db, cli_criteria_dir(data_dir),
	    "Bộ tiêu chí kèm theo phần mềm (criteria/)", &imported, ei)) !=
	    ERR_OK)
		return e;
	if (!quiet && imported > 0)
		fprintf(stderr, "ntm init: %d criteria set version(s) loaded from "
		    "%s\n", imported, cli_criteria_dir(data_dir));
	{
		char dir[1200];

		/* the starting sets a province copies (never evaluated) */
		snprintf(dir, sizeof(dir), "%s/templates",
		    cli_criteria_dir(data_dir));
		if ((e = crit_store_import_dir(db, dir, "Bộ mẫu kèm theo phần "
		    "mềm (criteria/templates/)", &imported, ei)) != ERR_OK)
			return e;
		if (!quiet && imported > 0)
			fprintf(stderr, "ntm init: %d criteria template(s) "
			    "loaded\n", imported);
	}
	{
		char dir[1200];

		snprintf(dir, sizeof(dir), "%s/../surveys/templates",
		    cli_criteria_dir(data_dir));
		if ((e = surv_templates_import_dir(db, dir, &imported, ei)) !=
		    ERR_OK)
			return e;
		if (!quiet && imported > 0)
			fprintf(stderr, "ntm init: %d survey template(s) loaded\n",
			    imported);
	}
	{
		char dir[1200];

		snprintf(dir, sizeof(dir), "%s/../procedures",
		    cli_criteria_dir(data_dir));
		if ((e = wf_import_dir(db, dir, "Quy trình kèm theo phần mềm "
		    "(procedures/)", &imported, ei)) != ERR_OK)
			return e;
		if (!quiet && imported > 0)
			fprintf(stderr, "ntm init: %d workflow procedure version(s) "
			    "loaded\n", imported);
		snprintf(dir, sizeof(dir), "%s/../forms",
		    cli_criteria_dir(data_dir));
		if ((e = rep_forms_import_dir(db, dir, "Biểu mẫu báo cáo kèm "
		    "theo phần mềm (forms/)", &imported, ei)) != ERR_OK)
			return e;
		if (!quiet && imported > 0)
			fprintf(stderr, "ntm init: %d report form version(s) "
			    "loaded\n", imported);
		snprintf(dir, sizeof(dir), "%s/../scorecards",
		    cli_criteria_dir(data_dir));
		if ((e = ocop_scorecards_import_dir(db, dir, "Bảng điểm OCOP "
		    "kèm theo phần mềm (scorecards/)", &imported, ei)) !=
		    ERR_OK)
			return e;
		if (!quiet && imported > 0)
			fprintf(stderr, "ntm init: %d OCOP scorecard version(s) "
			    "loaded\n", imported);
	}
	{
		/* the legal library (legal/), after what cites it */
		struct audit_actor who = { .username = "(command line)" };
		char file[1200];
		bool loaded = false;

		snprintf(file, sizeof(file), "%s/../legal/documents.json",
		    cli_criteria_dir(data_dir));
		if ((e = legal_load_file(db, &who, file, &loaded, ei)) != ERR_OK)
			return e;
		if (!quiet && loaded)
			fprintf(stderr, "ntm init: legal library loaded from %s\n",
			    file);
	}
	return ERR_OK;
}

enum err
cli_init_db(const char *target, const char *data_dir, bool quiet,
    struct db **out, struct errinfo *ei)
{
	struct units_import_stats st = { 0 };
	struct db *db;
	struct db_stmt *s;
	char fp[32];
	const char *old;
	int applied = 0;
	double t0 = cli_seconds();
	enum err e;

	*out = NULL;
	if ((e = data_fingerprint(data_dir, fp, sizeof(fp), ei)) != ERR_OK)
		return e;
	if ((e = db_open(target, DB_CREATE, &db, ei)) != ERR_OK)
		return e;
	if ((e = db_migrate(db, &applied, ei)) != ERR_OK ||
	    (e = db_prepare_all(db, ei)) != ERR_OK)
		goto fail;
	s = db_stmt(db, STMT_META_GET);
	db_bind_text(s, 1, "units_data_fingerprint");
	old = db_step(s, NULL) == 1 ? db_col_text(s, 0) : NULL;
	if (old != NULL && strcmp(old, fp) == 0) {
		if (!quiet)
			fprintf(stderr, "ntm init: %s: schema up to date "
			    "(%d applied), units unchanged\n", db_target_safe(target),
			    applied);
		if ((e = init_criteria(db, data_dir, quiet, false, ei)) != ERR_OK)
			goto fail;
		*out = db;
		return ERR_OK;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto fail;
	/* Tens of thousands of rows: on PostgreSQL they go in pipeline mode
	 * rather than one round trip each. */
	if ((e = db_defer_writes(db, true, ei)) != ERR_OK ||
	    (e = units_import_national(db, data_dir, &st, ei)) != ERR_OK ||
	    (e = db_defer_writes(db, false, ei)) != ERR_OK ||
	    (e = cli_audit_import(db, "units.import", data_dir, &st,
	    ei)) != ERR_OK) {
		db_rollback(db);
		goto fail;
	}
	s = db_stmt(db, STMT_META_SET);
	db_bind_text(s, 1, "units_data_fingerprint");
	db_bind_text(s, 2, fp);
	if ((e = db_exec(s, ei)) != ERR_OK || (e = db_commit(db, ei)) != ERR_OK) {
		db_rollback(db);
		goto fail;
	}
	if (!quiet)
		fprintf(stderr, "ntm init: %s: %d migration(s) applied; loaded "
		    "%lld units, %lld lineage links, %lld regions in %.2f s\n",
		    db_target_safe(target), applied, (long long)st.units, (long long)st.lineage,
		    (long long)st.regions, cli_seconds() - t0);
	if ((e = init_criteria(db, data_dir, quiet, true, ei)) != ERR_OK)
		goto fail;
	*out = db;
	return ERR_OK;
fail:
	db_close(db);
	return e;
}

char *
cli_read_file(const char *cmd, const char *module, const char *file,
    size_t max, size_t *len)
{
	struct errinfo ei;
	char code[48], *text = file_text(file, max, len);

	if (text == NULL) {
		snprintf(code, sizeof(code), "%s.read", module);
		err_set(&ei, ERR_INVALID, code, "file", "không đọc được %s",
		    "cannot read %s", file);
		cli_fail(cmd, &ei);
	}
	return text;
}

int
cli_print_stored(const char *file, int version, bool created)
{
	printf("%s: version %d %s\n", file, version, created ? "stored" :
	    "already stored (unchanged)");
	return EXIT_OK;
}

int
cli_version_arg(const struct cmd *c, const char *arg, long *out)
{
	char *end;

	*out = strtol(arg, &end, 10);
	if (*end != '\0' || end == arg || *out < 1 || *out > CLI_VERSION_MAX)
		return cli_usage_error(c, "--version must be a positive number, "
		    "not '%s'", arg);
	return EXIT_OK;
}

int
cli_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s != NULL)
		puts(s);
	free(s);
	json_decref(j);
	return EXIT_OK;
}

bool
cli_doc_options(const struct cmd *c, const struct option *opts, int argc,
    char **argv, struct cli_doc_opts *o, int *rc)
{
	char *end;
	int ch;

	*o = (struct cli_doc_opts){ 0 };
	*rc = EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o->db = optarg; break;
		case 'n': o->note = optarg; break;
		case 'm': o->meta = optarg; break;
		case 'v':
			if ((*rc = cli_version_arg(c, optarg, &o->version)) !=
			    EXIT_OK)
				return false;
			break;
		case 'y':
			o->year = strtol(optarg, &end, 10);
			if (*end != '\0' || o->year < 1990 || o->year > 2100) {
				*rc = cli_usage_error(c, "--year must be a year, "
				    "not '%s'", optarg);
				return false;
			}
			break;
		case 'h': fputs(c->usage, stdout); return false;
		default: *rc = cli_bad_option(c, argv); return false;
		}
	}
	return true;
}

int
cli_store_text(struct db *db, const char *cmd, const char *file, char *text,
    size_t len, cli_store_fn store, const char *note, bool by_path)
{
	struct errinfo ei;
	int version = 0;
	bool created = false;
	enum err e;

	err_clear(&ei);
	e = store(db, NULL, text, len, note, &version, &created, &ei);
	free(text);
	if (e == ERR_OK)
		return cli_print_stored(file, version, created);
	if (!by_path)
		err_prefix(&ei, "%.60s: ", "%.60s: ", file);
	else if (ei.field[0] != '\0' && strstr(ei.message, ei.field) == NULL)
		err_prefix(&ei, "%.60s: ", "%.60s: ", ei.field);
	return cli_fail(cmd, &ei);
}

int
cli_docs_main(const struct cli_docs *d, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "version", required_argument, NULL, 'v' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd *cmd = d->cmd;
	struct cli_doc_opts o;
	const char *action;
	struct errinfo ei;
	struct db *db;
	json_t *j;
	int want, rc;
	enum err e;

	if (!cli_doc_options(cmd, opts, argc, argv, &o, &rc))
		return rc;
	if (optind >= argc)
		return cli_usage_error(cmd, "expected an action: "
		    "list, show or import%s", "");
	action = argv[optind];
	if (strcmp(action, "list") == 0)
		want = 1;
	else if (strcmp(action, "show") == 0 || strcmp(action, "import") == 0)
		want = 2;
	else if (d->extra != NULL && strcmp(action, d->extra) == 0)
		want = 1 + d->extra_args;
	else
		return cli_usage_error(cmd, "unknown action '%s'", action);
	if (argc - optind != want)
		return cli_usage_error(cmd, "wrong arguments for '%s'", action);
	err_clear(&ei);
	if (cli_open_db(cli_db_target(o.db), &db, &ei) != ERR_OK)
		return cli_fail(cmd->name, &ei);
	if (strcmp(action, "import") == 0)
		rc = d->import(db, argv[optind + 1], o.note);
	else if (d->extra != NULL && strcmp(action, d->extra) == 0)
		rc = d->extra_run(db, argv + optind + 1);
	else {
		e = strcmp(action, "list") == 0 ? d->list(db, &j, &ei) :
		    d->get(db, argv[optind + 1], (int)o.version, &j, &ei);
		rc = e != ERR_OK ? cli_fail(cmd->name, &ei) : cli_print_json(j);
	}
	db_close(db);
	d->cache_free();
	return rc;
}

int
cli_import_doc(struct db *db, const char *cmd, const char *module,
    const char *file, size_t max, cli_doc_import_fn import,
    const char *note)
{
	struct arena *a = arena_new(4096);
	struct rep_problems pr;
	struct errinfo ei;
	size_t len = 0, i;
	char *text = cli_read_file(cmd, module, file, max, &len);
	int version = 0, rc;
	bool created = false;
	enum err e;

	if (text == NULL) {
		arena_free(a);
		return EXIT_USER;
	}
	err_clear(&ei);
	rep_problems_init(&pr, a, 200);
	e = import(db, NULL, text, len, note, &version, &created, &pr, &ei);
	free(text);
	if (e != ERR_OK && pr.n > 1) {
		for (i = 0; i < pr.n; i++)
			fprintf(stderr, "ntm %s: %.60s: %s\n", cmd, file,
			    err_message(&pr.items[i], cli_lang()));
		if (pr.more > 0)
			fprintf(stderr, "ntm %s: %.60s: … %zu more\n", cmd,
			    file, pr.more);
		rc = EXIT_USER;
	} else if (e != ERR_OK) {
		err_prefix(&ei, "%.60s: ", "%.60s: ", file);
		rc = cli_fail(cmd, &ei);
	} else
		rc = cli_print_stored(file, version, created);
	arena_free(a);
	return rc;
}
