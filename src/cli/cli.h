/*
 * cli.h - the ntm command line: one file per command (cmd_<name>.c) with
 * its entry in the table of main.c, and the options every command shares.
 *
 * Exit status (API.md): 0 success, 1 a user error (one line naming the
 * problem on stderr), 2 a usage error.
 */
#ifndef NTM_CLI_H
#define NTM_CLI_H

#include <stdbool.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"

enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

struct cmd {
	const char *name;
	const char *summary;
	const char *usage;	/* full --help text */
	int (*fn)(int argc, char **argv);
};

extern const struct cmd cmd_init, cmd_demo, cmd_serve, cmd_import,
    cmd_backup, cmd_copy, cmd_audit, cmd_user, cmd_routes, cmd_version,
    cmd_criteria, cmd_procedures, cmd_forms,
    cmd_help;
extern const struct cmd cmd_scorecards;
extern const struct cmd cmd_ocop;
extern const struct cmd cmd_dx;
extern const struct cmd cmd_outbox;
extern const struct cmd cmd_notices;
extern const struct cmd *const cli_commands[];

/* The database target: --db, else $NTM_DB, else "ntm.db". */
const char *cli_db_target(const char *flag);
/* The folder holding the national unit CSVs: --data, else $NTM_DATA, else
 * data/admin of the project the binary sits in (build/ or build/X/), else
 * ./data/admin, else /usr/share/ntm/data/admin. */
const char *cli_data_dir(const char *flag);
/* The folder of the shipped criteria sets: criteria/ beside data/. */
const char *cli_criteria_dir(const char *data_dir);
/* The language of the messages: "en" when the locale (LC_ALL, else
 * LC_MESSAGES, else LANG) starts with "en", else "vi" (docs/CLI.md). */
const char *cli_lang(void);
/* Print "ntm CMD: message" (in cli_lang()) to stderr; EXIT_USER. */
int cli_fail(const char *cmd, const struct errinfo *ei);
int cli_usage_error(const struct cmd *c, const char *fmt, const char *arg);
/* After getopt_long returned '?': name the option it refused. */
int cli_bad_option(const struct cmd *c, char **argv);
/* Open target and apply migrations; then the unit data if it changed. */
enum err cli_init_db(const char *target, const char *data_dir, bool quiet,
    struct db **out, struct errinfo *ei);
/* The body of init and demo: parse --db/--data, initialise, then run
 * then(db, target, data_dir) if not NULL; returns the exit status. */
int cli_init_run(const struct cmd *c, int argc, char **argv,
    int (*then)(struct db *db, const char *target, const char *data_dir));
struct units_import_stats;
/* Append the audit entry of an import done from the command line. */
enum err cli_audit_import(struct db *db, const char *what, const char *file,
    const struct units_import_stats *st, struct errinfo *ei);
/* Open an initialised database (schema present) for a command. */
enum err cli_open_db(const char *target, struct db **out, struct errinfo *ei);
double cli_seconds(void);
/* The text of file (at most max bytes; free() it) for an import by
 * command cmd; NULL after "ntm CMD: cannot read FILE" (code
 * "<module>.read") is printed. */
char *cli_read_file(const char *cmd, const char *module, const char *file,
    size_t max, size_t *len);
/* "FILE: version N stored", or "already stored (unchanged)"; EXIT_OK. */
int cli_print_stored(const char *file, int version, bool created);
/* --version of a stored document: 1 to CLI_VERSION_MAX into *out and
 * EXIT_OK, or the usage error printed and EXIT_USAGE. */
#define CLI_VERSION_MAX	100000
int cli_version_arg(const struct cmd *c, const char *arg, long *out);
/* Print j indented on stdout, release it; EXIT_OK. */
int cli_print_json(json_t *j);
/* The options of the commands over stored documents. */
struct cli_doc_opts {
	const char *db, *note, *meta;	/* --db, --note, --meta */
	long version, year;		/* --version, --year; 0: not given */
};
/* Parse argv with the command's option table opts, whose entries are
 * among --db 'd', --note 'n', --version 'v', --meta 'm', --year 'y' and
 * --help 'h', into o.  True: go on with the action at argv[optind];
 * false: the help printed or an option refused, *rc the exit code. */
struct option;
bool cli_doc_options(const struct cmd *c, const struct option *opts,
    int argc, char **argv, struct cli_doc_opts *o, int *rc);
/* The import function of a kind of document whose fault is one errinfo
 * (criteria sets, procedures). */
struct audit_actor;
typedef enum err (*cli_store_fn)(struct db *db,
    const struct audit_actor *who, const char *text, size_t len,
    const char *note, int *version, bool *created, struct errinfo *ei);
/* Store text (len bytes, read from file; freed here) with store; prints
 * the version stored, or the fault as ntm cmd's, prefixed with the JSON
 * path it names when by_path (when its message does not name it yet),
 * else with the file.  An exit code. */
int cli_store_text(struct db *db, const char *cmd, const char *file,
    char *text, size_t len, cli_store_fn store, const char *note,
    bool by_path);

/*
 * The commands over a store of versioned documents ("ntm procedures",
 * "ntm forms"): list | show ID [--version N] | import FILE [--note TEXT],
 * with --db.  Each command gives its store's functions; cli_docs_main
 * parses the arguments, opens the database, runs the action, closes.
 */
struct cli_docs {
	const struct cmd *cmd;
	enum err (*list)(struct db *db, json_t **out, struct errinfo *ei);
	enum err (*get)(struct db *db, const char *id, int version,
	    json_t **out, struct errinfo *ei);
	/* store FILE; prints what was stored or the faults; an exit code */
	int (*import)(struct db *db, const char *file, const char *note);
	void (*cache_free)(void);
	/* an action of the kind's own (NULL: none): its name, how many
	 * arguments it takes and what runs it (an exit code) */
	const char *extra;
	int extra_args;
	int (*extra_run)(struct db *db, char **args);
};
int cli_docs_main(const struct cli_docs *d, int argc, char **argv);
/* Import FILE (at most max bytes) with a kind's import function that
 * lists every fault of a refused document (report forms, scorecards):
 * each printed on its own line with its JSON path; an exit code. */
struct rep_problems;
struct audit_actor;
typedef enum err (*cli_doc_import_fn)(struct db *db,
    const struct audit_actor *who, const char *text, size_t len,
    const char *note, int *version, bool *created, struct rep_problems *pr,
    struct errinfo *ei);
int cli_import_doc(struct db *db, const char *cmd, const char *module,
    const char *file, size_t max, cli_doc_import_fn import,
    const char *note);
/* The password of every account ntm demo makes (printed with the logins). */
#define DEMO_PASSWORD "ntm-demo-2026"
/* The criteria part of ntm demo (demo_criteria.c); mode full|sample (with
 * "none" it is not called). */
int demo_criteria(struct db *db, const char *data_dir, const char *mode);
/* Import a CSV of demo indicator values held in buf (len bytes) as file
 * name, as the values import of the criteria store reads it
 * (demo_criteria.c): the criteria and digital-readiness demos generate
 * theirs in memory. */
struct crit_import_stats;
enum err demo_values_import(struct db *db, char *buf, size_t len,
    const char *name, struct crit_import_stats *st, struct errinfo *ei);
/* The surveys part of ntm demo (demo_surveys.c); mode full|sample|none. */
int demo_surveys(struct db *db, const char *mode);
/* The reporting part of ntm demo (demo_reports.c), after the accounts;
 * mode full|sample|none, NTM_DEMO_REPORTS overriding it. */
int demo_reports(struct db *db, const char *mode);
/* The OCOP part of ntm demo (demo_ocop.c), after the accounts. */
int demo_ocop(struct db *db);
/* ntm import ocop FILE [--as USERNAME] (cmd_import_ocop.c): exit code. */
int cli_import_ocop(const char *db_flag, const char *file, const char *as);
/* The signed-in principal of demo account username (demo_ocop.c);
 * ERR_NOTFOUND "ocop.demo_user" when the demo has no such account. */
struct principal;
struct arena;
enum err demo_principal(struct db *db, struct arena *a, const char *username,
    struct principal *p, struct errinfo *ei);
/* The id of demo account username (demo_ocop.c); 0 when there is none. */
int64_t demo_user_id(struct db *db, const char *username);
/* A part of ntm demo written once (demo_once.c): when statement any (a
 * count of the part's rows) finds some, or skip is set, nothing is written;
 * else run(db, a fresh arena, ei) writes the part.  *wrote says whether it
 * did (the caller then prints what it wrote).  EXIT_OK, or run's failure
 * reported as the demo's. */
typedef enum err demo_run_fn(struct db *db, struct arena *a,
    struct errinfo *ei);
int demo_once(struct db *db, enum stmt_id any, bool skip, demo_run_fn *run,
    bool *wrote);
/* NTM_DEMO_OCOP_CERTS=none: the demo leaves out the OCOP certificates and
 * the rounds that certify (demo_ocop_certs.c). */
bool demo_ocop_certs_left_out(void);
/* Two closed OCOP evaluation rounds of Hà Nội (demo_ocop_rounds.c). */
int demo_ocop_rounds(struct db *db);
/* The certified OCOP products of ntm demo (demo_ocop_certs.c). */
int demo_ocop_certs(struct db *db);
/* The producers' shops and listings of ntm demo (demo_market_shop.c). */
int demo_market_shop(struct db *db);
/* Orders of the marketplace in every state (demo_market_orders.c), after
 * the shop demo's listings. */
int demo_market_orders(struct db *db);
/* The marketplace's fee row and a reconciled bank statement
 * (demo_market_money.c), after the orders' demo. */
int demo_market_money(struct db *db);
/* Typed digital-readiness values of four provinces for 2026 (demo_dx.c);
 * mode full|sample (with "none" it is not called). */
int demo_dx(struct db *db, const char *mode);
/* Hà Nội's own smart-village set and the demo villages' values
 * (demo_smart.c), after the accounts. */
int demo_smart(struct db *db);
/* The pilot models of a smart village and a smart commune
 * (demo_pilots.c). */
int demo_pilots(struct db *db);
/* The notices of every demo account: one pass of the sweep (what waits
 * for them becomes their notices; no one has an address, so no mail)
 * (cmd_notices.c). */
int demo_notices(struct db *db);

#endif
