/*
 * cmd_audit.c - "ntm audit": check the audit trail (domain/audit) and
 * anchor its head outside the database.
 *
 *   verify      the hash chain, every checkpoint stored in the database,
 *               and with --against the checkpoints kept elsewhere: names
 *               the first entry changed, removed or out of place, a
 *               rewrite behind recomputed hashes, or a cut tail
 *   keygen      a new Ed25519 signing key in a file (0600, never
 *               overwritten); prints the public key to publish
 *   checkpoint  verifies the chain since the key's last checkpoint, signs
 *               the head, stores it and prints it as one line to keep
 *               elsewhere
 *
 * Read-only except checkpoint (one short insert); all safe while
 * 'ntm serve' runs.  docs/ACCOUNTS.md says what each guarantees.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/files.h"
#include "core/xalloc.h"
#include "domain/audit/audit.h"
#include "domain/audit/audit_checkpoint.h"

static int audit_main(int argc, char **argv);

const struct cmd cmd_audit = {
	"audit", "check the audit trail; sign and keep its head",
	"usage: ntm audit verify [--db DB] [--against FILE] [--pubkey KEY]\n"
	"       ntm audit keygen --key FILE\n"
	"       ntm audit checkpoint [--db DB] --key FILE [--append FILE]\n"
	"\n"
	"verify: recompute the hash chain of the audit trail and check every\n"
	"signed checkpoint stored in the database and, with --against, those\n"
	"of FILE (lines printed by 'ntm audit checkpoint'; - reads stdin):\n"
	"each signature must hold and the chain must still reach and pass\n"
	"through each checkpoint's head.  Prints 'audit trail intact: N\n"
	"entries' (and a 'checkpoints:' line when there are any) and exits 0,\n"
	"or names the first problem and exits 1.\n"
	"\n"
	"keygen: write a new signing key (Ed25519) to FILE, readable by its\n"
	"owner only; never overwrites.  Prints the public key: publish it and\n"
	"keep it with the checkpoints.  Keep FILE outside the database.\n"
	"\n"
	"checkpoint: verify the chain, sign its head with the key, store the\n"
	"checkpoint and print it on stdout as one line: keep that line\n"
	"outside the database (another machine, mail, paper).\n"
	"\n"
	"  --db DB        SQLite file (default $NTM_DB or ntm.db)\n"
	"  --against FILE checkpoints kept outside the database\n"
	"  --pubkey KEY   the public key (64 hex digits, or a file holding it)\n"
	"                 every checkpoint must be signed with; default: the\n"
	"                 key each checkpoint names\n"
	"  --key FILE     the signing key (default $NTM_AUDIT_KEY)\n"
	"  --append FILE  also append the printed line to FILE (default\n"
	"                 $NTM_AUDIT_CHECKPOINTS)\n",
	audit_main,
};

static const struct option audit_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "against", required_argument, NULL, 'a' },
	{ "pubkey", required_argument, NULL, 'p' },
	{ "key", required_argument, NULL, 'k' },
	{ "append", required_argument, NULL, 'A' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

#define AGAINST_MAX	(16 * 1024 * 1024)	/* bytes of an --against file */

struct audit_args {
	const char *db, *against, *pubkey, *key, *append;
};

/* --pubkey: the key itself, or a file whose first word is the key, into
 * pin; EXIT_OK or the usage error printed. */
static int
pubkey_arg(const char *arg, char pin[AUDIT_KEY_HEX + 1])
{
	char *text;
	size_t len, i = 0;

	if (audit_key_hex_valid(arg)) {
		snprintf(pin, AUDIT_KEY_HEX + 1, "%s", arg);
		return EXIT_OK;
	}
	if ((text = file_text(arg, 4096, &len)) != NULL) {
		while (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')
			i++;
		if (len - i >= AUDIT_KEY_HEX &&
		    (len - i == AUDIT_KEY_HEX || text[i + AUDIT_KEY_HEX] == '\n' ||
		    text[i + AUDIT_KEY_HEX] == ' ')) {
			snprintf(pin, AUDIT_KEY_HEX + 1, "%.*s", AUDIT_KEY_HEX,
			    text + i);
			if (audit_key_hex_valid(pin)) {
				free(text);
				return EXIT_OK;
			}
		}
		free(text);
	}
	return cli_usage_error(&cmd_audit, "--pubkey: '%s' is neither a public "
	    "key (64 lowercase hex digits) nor a file holding one", arg);
}

/* The checkpoints of the file at path ("-": stdin), one a line (blank
 * lines and lines starting with '#' skipped), into *out (free() it). */
static enum err
read_against(const char *path, struct audit_checkpoint **out, size_t *n,
    struct errinfo *ei)
{
	char *text, *p, *eol;
	size_t len, cap = 0;
	int line = 0;
	enum err e = ERR_OK;

	*out = NULL;
	*n = 0;
	text = file_text(strcmp(path, "-") == 0 ? "/dev/stdin" : path,
	    AGAINST_MAX, &len);
	if (text == NULL)
		return err_set(ei, ERR_INVALID, "audit.against_read", "against",
		    "không đọc được %s (tối đa %d MB)",
		    "cannot read %s (at most %d MB)", path,
		    AGAINST_MAX / (1024 * 1024));
	for (p = text; p != NULL && *p != '\0'; p = eol != NULL ? eol + 1 : NULL) {
		char *s = p;

		line++;
		if ((eol = strchr(p, '\n')) != NULL)
			*eol = '\0';
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		if ((e = audit_checkpoint_parse(s, &(*out)[*n], ei)) != ERR_OK) {
			err_prefix(ei, "%s, dòng %d: ", "%s, line %d: ", path, line);
			break;
		}
		(*out)[(*n)++].line = line;
	}
	if (e == ERR_OK && *n == 0)
		e = err_set(ei, ERR_INVALID, "audit.against_empty", "against",
		    "%s không có điểm chốt nào", "%s holds no checkpoint", path);
	free(text);
	if (e != ERR_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return e;
}

static int
audit_verify_cmd(const struct audit_args *a)
{
	struct audit_checkpoint *given = NULL;
	struct audit_check_result res;
	struct errinfo ei;
	struct db *db;
	char pin[AUDIT_KEY_HEX + 1];
	size_t ngiven = 0;
	enum err e;
	int rc;

	err_clear(&ei);
	if (a->pubkey != NULL && (rc = pubkey_arg(a->pubkey, pin)) != EXIT_OK)
		return rc;
	if (a->against != NULL &&
	    read_against(a->against, &given, &ngiven, &ei) != ERR_OK)
		return cli_fail("audit", &ei);
	if (cli_open_db(cli_db_target(a->db), &db, &ei) != ERR_OK) {
		free(given);
		return cli_fail("audit", &ei);
	}
	e = audit_check(db, a->pubkey != NULL ? pin : NULL, given, ngiven, &res,
	    &ei);
	db_close(db);
	free(given);
	if (e != ERR_OK)
		return cli_fail("audit", &ei);
	printf("audit trail intact: %lld entries\n", (long long)res.entries);
	if (res.any)
		printf("checkpoints: %zu stored, %zu given, all signed and on "
		    "the chain; the newest: entry %lld, %s, key %.*s%s\n",
		    res.stored, res.given, (long long)res.newest.seq,
		    res.newest.at, AUDIT_KEY_ID, res.newest.key,
		    a->pubkey != NULL ? " (the key given)" :
		    " (not pinned: pass --pubkey)");
	/* No second line without checkpoints: scripts read the first. */
	return EXIT_OK;
}

static int
audit_keygen_cmd(const struct audit_args *a)
{
	struct errinfo ei;
	char pub[AUDIT_KEY_HEX + 1];

	if (a->key == NULL)
		return cli_usage_error(&cmd_audit, "keygen needs --key FILE%s",
		    NULL);
	err_clear(&ei);
	if (audit_key_generate(a->key, pub, &ei) != ERR_OK)
		return cli_fail("audit", &ei);
	printf("%s\n", pub);
	fprintf(stderr, "ntm audit: signing key written to %s (mode 0600); the "
	    "line above is its public key: publish it, and pass it to 'ntm "
	    "audit verify --pubkey'\n", a->key);
	return EXIT_OK;
}

static int
audit_checkpoint_cmd(const struct audit_args *a)
{
	struct audit_key *k;
	struct audit_checkpoint c, kept;
	struct errinfo ei;
	struct db *db;
	char line[AUDIT_CHECKPOINT_LINE_MAX + 1];
	bool made, found = false;
	enum err e;

	if (a->key == NULL)
		return cli_usage_error(&cmd_audit, "checkpoint needs --key FILE "
		    "(or $NTM_AUDIT_KEY)%s", NULL);
	err_clear(&ei);
	if (audit_key_load(a->key, &k, &ei) != ERR_OK)
		return cli_fail("audit", &ei);
	/* The file kept outside anchors the new checkpoint too. */
	if ((e = a->append != NULL ? audit_checkpoint_last_kept(a->append,
	    &kept, &found, &ei) : ERR_OK) == ERR_OK &&
	    (e = cli_open_db(cli_db_target(a->db), &db, &ei)) == ERR_OK) {
		e = audit_checkpoint_make(db, k, found ? &kept : NULL, false, &c,
		    &made, &ei);
		db_close(db);
	}
	audit_key_free(k);
	if (e != ERR_OK)
		return cli_fail("audit", &ei);
	if (!audit_checkpoint_format(&c, line, sizeof(line)))
		abort();	/* fixed-size fields always fit */
	printf("%s\n", line);
	fflush(stdout);
	if (a->append != NULL &&
	    audit_checkpoint_append(a->append, &c, &ei) != ERR_OK)
		return cli_fail("audit", &ei);
	fprintf(stderr, "ntm audit: checkpoint of entry %lld signed with key "
	    "%.*s and stored; keep the line above outside the database\n",
	    (long long)c.seq, AUDIT_KEY_ID, c.key);
	return EXIT_OK;
}

static int
audit_main(int argc, char **argv)
{
	struct audit_args a = { .key = getenv("NTM_AUDIT_KEY"),
	    .append = getenv("NTM_AUDIT_CHECKPOINTS") };
	const char *action;
	int c;

	optind = 0;
	opterr = 0;	/* our own message names the option */
	while ((c = getopt_long(argc, argv, "", audit_opts, NULL)) != -1) {
		switch (c) {
		case 'd': a.db = optarg; break;
		case 'a': a.against = optarg; break;
		case 'p': a.pubkey = optarg; break;
		case 'k': a.key = optarg; break;
		case 'A': a.append = optarg; break;
		case 'h': fputs(cmd_audit.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_audit, argv);
		}
	}
	if (a.key != NULL && a.key[0] == '\0')
		a.key = NULL;
	if (a.append != NULL && a.append[0] == '\0')
		a.append = NULL;
	if (argc - optind != 1)
		return cli_usage_error(&cmd_audit, "expected one action: verify, "
		    "keygen or checkpoint%s", NULL);
	action = argv[optind];
	if (strcmp(action, "verify") == 0)
		return audit_verify_cmd(&a);
	if (strcmp(action, "keygen") == 0)
		return audit_keygen_cmd(&a);
	if (strcmp(action, "checkpoint") == 0)
		return audit_checkpoint_cmd(&a);
	return cli_usage_error(&cmd_audit, "unknown action '%s' (expected "
	    "verify, keygen or checkpoint)", action);
}
