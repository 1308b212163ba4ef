/*
 * notices.c - people's notification settings, the sweep that turns their
 * home inbox into notices and queues their mail, and the home's list.
 *
 * The sweep (outbox_job_notices, `ntm notices sweep`) visits the active
 * staff users in id order, NOTICES_BATCH a round, remembering where it
 * stopped in notice_sweep (in each user's transaction: a crash resumes
 * at the user it was doing).  For a user it builds the home inbox with
 * the home's own providers (the same scope rule as the page), turns each
 * entry into a key (kind|href, "|late" when urgent), inserts the keys it
 * has not seen (UNIQUE in the database: a second sweep, or a second
 * server, finds nothing new), resolves the open notices that left the
 * inbox, and queues the new ones' mail in the outbox in the same
 * transaction.  See notices.h and docs/NOTIFICATIONS.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/stamp.h"
#include "core/text.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth_internal.h"	/* auth_principal_load */
#include "domain/home/home.h"
#include "domain/notices/notices.h"
#include "domain/outbox/outbox.h"

/* Which inbox entries become notices.  A kind not listed: every entry. */
enum notice_rule { RULE_ALL, RULE_URGENT, RULE_NEVER };
static const struct {
	const char *kind;
	enum notice_rule rule;
} notice_rules[] = {
	/* due: only within NOTICES_DUE_SOON_DAYS (home_reports marks them
	 * urgent); open campaigns: only when closing soon */
	{ "reports.due", RULE_URGENT },
	{ "surveys.open_campaigns", RULE_URGENT },
	/* years of indicators to enter: work, not a deadline */
	{ "criteria.incomplete_years", RULE_NEVER },
};

static enum notice_rule
rule_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(notice_rules) / sizeof(notice_rules[0]);
	    i++)
		if (strcmp(notice_rules[i].kind, kind) == 0)
			return notice_rules[i].rule;
	return RULE_ALL;
}

/* ---- settings ---- */

enum err
notices_settings_get(struct db *db, struct arena *a, int64_t user_id,
    struct notice_settings *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_NOTICES_SETTINGS_GET);
	int rc;

	out->email = NULL;
	out->pref = "digest";
	out->lang = "vi";
	out->seen_id = 0;
	db_bind_int(st, 1, user_id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		const char *e = db_col_text(st, 0);

		out->email = e != NULL ? arena_strdup(a, e) : NULL;
		out->pref = arena_strdup(a, db_col_text(st, 1));
		out->lang = arena_strdup(a, db_col_text(st, 2));
		out->seen_id = db_col_int(st, 3);
	}
	return ERR_OK;
}

/* A byte allowed in an address: printable ASCII without space, quotes,
 * angle brackets, parentheses, comma, semicolon, colon or backslash (a
 * header or an SMTP command can never be smuggled in), or UTF-8 (an
 * internationalised address). */
static bool
email_byte_ok(unsigned char ch)
{
	return ch >= 0x80 || (ch > 0x20 && ch < 0x7f &&
	    strchr("\"<>(),;:\\[]", ch) == NULL);
}

enum err
notices_email_check(struct arena *a, const char *raw, const char **out,
    struct errinfo *ei)
{
	const char *s = raw != NULL ? raw : "", *at, *dot;
	size_t n;
	char *v;

	*out = NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return ERR_OK;
	v = arena_alloc(a, n + 1);
	memcpy(v, s, n);
	v[n] = '\0';
	at = strrchr(v, '@');
	dot = at != NULL ? strrchr(at, '.') : NULL;
	if (n > NOTICES_EMAIL_MAX || !text_utf8_valid(v, n) || at == NULL ||
	    at == v || strchr(v, '@') != at || dot == NULL || at[1] == '.' ||
	    dot[1] == '\0' || v[0] == '.' || strstr(v, "..") != NULL)
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (!email_byte_ok((unsigned char)v[i]))
			goto bad;
	/* The domain is case-insensitive: stored lower-cased. */
	for (char *p = (char *)at + 1; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*out = v;
	return ERR_OK;
bad:
	return err_set(ei, ERR_INVALID, "notices.bad_email", "email",
	    "“%s” không phải là một địa chỉ thư điện tử (ví dụ: ten@xa.gov.vn)",
	    "“%s” is not an e-mail address (e.g. name@commune.gov.vn)",
	    text_utf8_valid(v, n) && n <= NOTICES_EMAIL_MAX ? v : "?");
}

enum err
notices_pref_check(const char *raw, const char **out, struct errinfo *ei)
{
	static const char *const prefs[] = { "immediate", "digest", "none" };

	for (size_t i = 0; i < 3; i++)
		if (raw != NULL && strcmp(raw, prefs[i]) == 0) {
			*out = prefs[i];
			return ERR_OK;
		}
	*out = NULL;
	return err_set(ei, ERR_INVALID, "notices.bad_pref", "pref",
	    "hãy chọn cách nhận thư: ngay khi có việc, bản tin hằng ngày, "
	    "hoặc không nhận", "choose how to get mail: at once, a daily "
	    "digest, or none");
}

enum err
notices_lang_check(const char *raw, const char **out, struct errinfo *ei)
{
	if (raw == NULL || raw[0] == '\0' || strcmp(raw, "vi") == 0) {
		*out = "vi";
		return ERR_OK;
	}
	if (strcmp(raw, "en") == 0) {
		*out = "en";
		return ERR_OK;
	}
	*out = NULL;
	return err_set(ei, ERR_INVALID, "notices.bad_lang", "lang",
	    "ngôn ngữ của thư là tiếng Việt hoặc tiếng Anh",
	    "the mail's language is Vietnamese or English");
}

enum err
notices_settings_put(struct db *db, const struct principal *actor,
    int64_t user_id, const char *email, const char *pref, const char *lang,
    struct errinfo *ei)
{
	struct audit_actor who;
	struct db_stmt *st;
	char now[STAMP_TIME_LEN];
	enum err e;

	/* Another's settings: only someone who may manage that account. */
	if (actor != NULL && actor->user_id != user_id &&
	    (e = auth_can_manage(db, actor, user_id, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	auth_actor(actor, actor != NULL && actor->nroles > 0 ?
	    &actor->roles[0] : NULL, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_NOTICES_SETTINGS_PUT);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, pref);
	db_bind_text(st, 4, lang);
	db_bind_text(st, 5, now);
	/* The address itself stays out of the (hash-chained, long-kept)
	 * audit trail: only that one is set. */
	if ((e = db_exec(st, ei)) == ERR_OK)
		e = audit_record(db, &who, "notices.settings", NULL, NULL,
		    json_pack("{s:s, s:b, s:s}", "pref", pref, "email_set",
		    email != NULL, "lang", lang), ei, "user:%lld",
		    (long long)user_id);
	return db_finish(db, e, ei);
}

/* ---- the sweep ---- */

struct sweep_user {
	int64_t id;
	const char *email, *pref, *lang;
};

/* When a day's digest is sent: the next day at NOTICES_DIGEST_HOUR_UTC
 * (unix seconds; day numbers count from 1970-01-01). */
static int64_t
digest_time(const char *day)
{
	long d;

	if (!date_parse(day, &d))
		return 0;
	return ((int64_t)d + 1) * 86400 + NOTICES_DIGEST_HOUR_UTC * 3600;
}

/* Queue the mail of new notice id of user u (the caller's transaction). */
static enum err
queue_mail(struct db *db, struct arena *a, const struct sweep_user *u,
    int64_t id, const char *day, struct errinfo *ei)
{
	if (u->email == NULL || strcmp(u->pref, "none") == 0)
		return ERR_OK;
	if (strcmp(u->pref, "immediate") == 0)
		return outbox_put(db, "mail", arena_printf(a, "notice:%lld",
		    (long long)id), u->id, arena_printf(a, "{\"notice\":%lld}",
		    (long long)id), 0, NULL, ei);
	/* One digest a user and day: a second notice of the day finds the
	 * row queued (same key) and changes nothing; the digest lists the
	 * day's notices when it is sent. */
	return outbox_put(db, "mail", arena_printf(a, "digest:%lld:%s",
	    (long long)u->id, day), u->id, arena_printf(a,
	    "{\"digest\":\"%s\"}", day), digest_time(day), NULL, ei);
}

/* One pass of a user's sweep: a dry pass only finds out whether anything
 * would be written (most sweeps write nothing, and a write transaction
 * per user would take the database's write lock a hundred times a round
 * for nothing); the writing pass runs in a transaction only then. */
struct sweep_pass {
	bool dry;
	bool dirty;		/* the dry pass found something to write */
	size_t *found;		/* new notices (the writing pass) */
};

/* One notice of u from an inbox entry (or an item without entries):
 * nothing when open already (open: key -> [id, kind]), inserted if new
 * (then mailed), reopened if it had been resolved; its key added to
 * seen. */
static enum err
note(struct db *db, struct arena *a, const struct sweep_user *u,
    const char *kind, const char *title, const json_t *entry,
    const char *day, const char *now, const json_t *open, json_t *seen,
    struct sweep_pass *pass, struct errinfo *ei)
{
	bool urgent = json_is_true(json_object_get(entry, "urgent"));
	const char *href = jval_str(entry, "href"), *key;
	struct db_stmt *st;
	int rc;

	if (href == NULL || (rule_of(kind) == RULE_URGENT && !urgent))
		return ERR_OK;
	key = arena_printf(a, "%s|%s%s", kind, href, urgent ? "|late" : "");
	if (json_object_get(seen, key) != NULL)
		return ERR_OK;	/* two bindings listing the same entry */
	json_object_set_new(seen, key, json_true());
	/* Known and open: nothing to write (most sweeps write nothing). */
	if (json_object_get(open, key) != NULL)
		return ERR_OK;
	if (pass->dry) {
		pass->dirty = true;
		return ERR_OK;
	}
	st = db_stmt(db, STMT_NOTICES_INSERT);
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, href);
	db_bind_text(st, 5, title);
	db_bind_text(st, 6, jval_str(entry, "label") ?
	    jval_str(entry, "label") : title);
	db_bind_text(st, 7, jval_str(entry, "detail"));
	db_bind_int(st, 8, urgent);
	db_bind_text(st, 9, day);
	db_bind_text(st, 10, now);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		int64_t id = db_col_int(st, 0);

		db_end_reads(db);
		(*pass->found)++;
		return queue_mail(db, a, u, id, day, ei);
	}
	st = db_stmt(db, STMT_NOTICES_REOPEN);
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, key);
	return db_exec(st, ei);
}

/* u's open notices: key -> [id, kind]. */
static enum err
load_open(struct db *db, int64_t user_id, json_t *open, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_NOTICES_OPEN_OF);
	int rc;

	db_bind_int(st, 1, user_id);
	while ((rc = db_step(st, ei)) == 1)
		json_object_set_new(open, db_col_text(st, 1), json_pack("[I, s]",
		    (json_int_t)db_col_int(st, 0), db_col_text(st, 2)));
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

/* Resolve u's open notices whose key the inbox no longer lists; a kind
 * whose item listed only its first entries (more) keeps its own. */
static enum err
resolve_gone(struct db *db, const json_t *open, const json_t *seen,
    const json_t *cut, const char *now, struct sweep_pass *pass,
    struct errinfo *ei)
{
	const char *key;
	json_t *v;
	enum err e = ERR_OK;

	json_object_foreach((json_t *)open, key, v) {
		struct db_stmt *st;

		if (json_object_get(seen, key) != NULL || json_object_get(cut,
		    json_string_value(json_array_get(v, 1))) != NULL)
			continue;
		if (pass->dry) {
			pass->dirty = true;
			break;
		}
		st = db_stmt(db, STMT_NOTICES_RESOLVE);
		db_bind_text(st, 1, now);
		db_bind_int(st, 2, json_integer_value(json_array_get(v, 0)));
		if ((e = db_exec(st, ei)) != ERR_OK)
			break;
	}
	return e;
}

/* One user's part of the sweep: a dry pass reads only; the writing pass
 * runs in the caller's transaction. */
static enum err
sweep_user(struct db *db, struct arena *a, const struct sweep_user *u,
    const char *day, const char *now, struct sweep_pass *pass,
    struct errinfo *ei)
{
	struct principal p;
	json_t *in = NULL, *seen = json_object(), *cut = json_object(), *it;
	json_t *open = json_object();
	size_t i, j;
	enum err e;

	if ((e = auth_principal_load(db, a, u->id, &p, ei)) != ERR_OK ||
	    (e = home_inbox(db, &p, u->lang, &in, ei)) != ERR_OK ||
	    (e = load_open(db, u->id, open, ei)) != ERR_OK)
		goto out;
	json_array_foreach(json_object_get(in, "items"), i, it) {
		const char *kind = jval_str(it, "kind");
		const json_t *entries = json_object_get(it, "entries");
		const json_t *en;

		if (kind == NULL || rule_of(kind) == RULE_NEVER)
			continue;
		if (jval_int(it, "more", 0) > 0)
			json_object_set_new(cut, kind, json_true());
		if (json_array_size(entries) == 0)
			e = note(db, a, u, kind, jval_str(it, "label"), it,
			    day, now, open, seen, pass, ei);
		json_array_foreach(entries, j, en)
			if (e == ERR_OK)
				e = note(db, a, u, kind, jval_str(it, "label"),
				    en, day, now, open, seen, pass, ei);
		if (e != ERR_OK)
			goto out;
	}
	e = resolve_gone(db, open, seen, cut, now, pass, ei);
out:
	json_decref(in);
	json_decref(open);
	json_decref(seen);
	json_decref(cut);
	return e;
}

/* The next batch of users from id from on, into a. */
static enum err
load_batch(struct db *db, struct arena *a, int64_t from, size_t batch,
    struct sweep_user *out, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_NOTICES_SWEEP_USERS);
	int rc;

	*n = 0;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, (int64_t)batch);
	while (*n < batch && (rc = db_step(st, ei)) == 1) {
		struct sweep_user *u = &out[(*n)++];
		const char *email = db_col_text(st, 1);

		u->id = db_col_int(st, 0);
		u->email = email != NULL ? arena_strdup(a, email) : NULL;
		u->pref = arena_strdup(a, db_col_null(st, 2) ? "digest" :
		    db_col_text(st, 2));
		u->lang = arena_strdup(a, db_col_null(st, 3) ? "vi" :
		    db_col_text(st, 3));
	}
	db_end_reads(db);
	return rc < 0 ? ei->err : ERR_OK;
}

/* A user whose inbox cannot be built (a fault of that user's data or
 * bindings, not of the database) is skipped with a line in the log, so
 * that one account never holds up everyone's notices. */
static bool
skip_user(const struct sweep_user *u, enum err e, struct errinfo *ei)
{
	if (e == ERR_UNAVAILABLE || e == ERR_DB || e == ERR_SYS)
		return false;
	fprintf(stderr, "ntm: notices: user %lld skipped: %s\n",
	    (long long)u->id, err_message(ei, "en"));
	err_clear(ei);
	return true;
}

/* The sweep's cursor: the next user id to visit (0: from the start). */
static enum err
put_cursor(struct db *db, int64_t next, const char *now, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_NOTICES_SWEEP_PUT);

	db_bind_int(st, 1, next);
	db_bind_text(st, 2, now);
	return db_exec(st, ei);
}

enum err
notices_sweep(struct db *db, size_t batch, size_t *users, size_t *found,
    bool *wrapped, struct errinfo *ei)
{
	struct arena *a = arena_new(16384);
	struct sweep_user *list;
	struct db_stmt *st;
	char day[DATE_LEN], now[STAMP_TIME_LEN];
	int64_t from = 0;
	size_t n = 0, nfound = 0;
	bool outer = db_in_transaction(db);
	int rc;
	enum err e = ERR_OK;

	if (batch == 0)
		batch = NOTICES_BATCH;
	date_today(day);
	stamp_now(now);
	list = arena_alloc(a, batch * sizeof(*list));
	st = db_stmt(db, STMT_NOTICES_SWEEP_GET);
	if ((rc = db_step(st, ei)) < 0) {
		e = ei->err;
		goto out;
	}
	if (rc == 1)
		from = db_col_int(st, 0);
	db_end_reads(db);
	if ((e = load_batch(db, a, from, batch, list, &n, ei)) != ERR_OK)
		goto out;
	for (size_t i = 0; i < n && e == ERR_OK; i++) {
		struct sweep_pass dry = { .dry = true, .found = &nfound };
		struct sweep_pass wet = { .found = &nfound };

		/* A user whose notices would not change costs reads only;
		 * one who has news is one transaction (unless the caller
		 * holds one): the notices, the mail and the cursor past it. */
		if (!outer) {
			e = sweep_user(db, a, &list[i], day, now, &dry, ei);
			db_end_reads(db);
			if (e != ERR_OK && skip_user(&list[i], e, ei))
				e = ERR_OK;
			if (e != ERR_OK || !dry.dirty)
				continue;
		}
		if (!outer && (e = db_begin(db, ei)) != ERR_OK)
			break;
		e = sweep_user(db, a, &list[i], day, now, &wet, ei);
		if (e == ERR_OK)
			e = put_cursor(db, i + 1 < n || n == batch ?
			    list[i].id + 1 : 0, now, ei);
		if (!outer)
			e = db_finish(db, e, ei);
	}
	/* The cursor past the batch (or back to the start past the last
	 * user), in one short transaction: a user read but not written is
	 * swept again if the process stops before it, which is harmless. */
	if (e == ERR_OK && (n > 0 || from != 0)) {
		int64_t next = n == batch ? list[n - 1].id + 1 : 0;

		if (outer)
			e = put_cursor(db, next, now, ei);
		else if ((e = db_begin(db, ei)) == ERR_OK)
			e = db_finish(db, put_cursor(db, next, now, ei), ei);
	}
out:
	if (users != NULL)
		*users = n;
	if (found != NULL)
		*found = nfound;
	if (wrapped != NULL)
		*wrapped = n < batch;
	arena_free(a);
	return e;
}

/* The job of the outbox's sender: rounds of NOTICES_BATCH users for at
 * most NOTICES_BUDGET_MS every period (so a nation's tens of thousands of
 * officers are all visited within the hour, and the sender's deliveries
 * wait at most that long), stopping early at the end of the list. */
static enum err
sweep_job(struct db *db, struct errinfo *ei)
{
	struct timespec t0, t;
	bool wrapped = false;
	enum err e;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if ((e = notices_sweep(db, NOTICES_BATCH, NULL, NULL, &wrapped,
		    ei)) != ERR_OK)
			return e;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!wrapped && (t.tv_sec - t0.tv_sec) * 1000 +
	    (t.tv_nsec - t0.tv_nsec) / 1000000 < NOTICES_BUDGET_MS);
	return ERR_OK;
}

const struct outbox_job outbox_job_notices = {
	"notices", NOTICES_PERIOD_S, sweep_job
};

/* ---- the home's list ---- */

enum err
notices_home(struct db *db, struct arena *a, int64_t user_id,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct notice_settings s;
	struct db_stmt *st;
	json_t *list = json_array();
	int64_t newest = 0, fresh = 0;
	char now[STAMP_TIME_LEN];
	int rc;
	enum err e;

	*out = NULL;
	if ((e = notices_settings_get(db, a, user_id, &s, ei)) != ERR_OK)
		goto fail;
	st = db_stmt(db, STMT_NOTICES_LIST);
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, NOTICES_HOME_MAX);
	while ((rc = db_step(st, ei)) == 1) {
		int64_t id = db_col_int(st, 0);
		bool is_new = id > s.seen_id;

		newest = id > newest ? id : newest;
		fresh += is_new;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s?, s:b, s:s, s:b, s:b}", "kind", db_col_text(st, 1),
		    "href", db_col_text(st, 2), "title", db_col_text(st, 3),
		    "label", db_col_text(st, 4), "detail", db_col_text(st, 5),
		    "urgent", db_col_int(st, 6) != 0, "created_text",
		    date_display(a, db_col_text(st, 7), lang), "resolved",
		    !db_col_null(st, 8), "new", is_new));
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto fail;
	}
	/* Seen from now on: the mark shows once, on this visit. */
	if (newest > s.seen_id) {
		stamp_now(now);
		if ((e = db_begin(db, ei)) != ERR_OK)
			goto fail;
		st = db_stmt(db, STMT_NOTICES_SEEN_PUT);
		db_bind_int(st, 1, user_id);
		db_bind_int(st, 2, newest);
		db_bind_text(st, 3, now);
		if ((e = db_finish(db, db_exec(st, ei), ei)) != ERR_OK)
			goto fail;
	}
	*out = json_pack("{s:o, s:I, s:{s:b, s:b, s:s?, s:s}}", "notices",
	    list, "notices_new", (json_int_t)fresh, "mail", "on",
	    notices_mail_on(), "address_set", s.email != NULL, "email",
	    s.email, "pref_label", msg_get(lang, s.email == NULL ?
	    "ntc_pref_unset" : strcmp(s.pref, "immediate") == 0 ?
	    "ntc_pref_immediate" : strcmp(s.pref, "digest") == 0 ?
	    "ntc_pref_digest" : "ntc_pref_none"));
	return ERR_OK;
fail:
	json_decref(list);
	return e;
}
