/*
 * audit.c - the tamper-evident audit trail: appending an entry inside the
 * caller's write transaction, verifying the whole hash chain, and reading
 * entries newest first for the people allowed to see them.
 *
 * The chain.  Entry seq (1, 2, 3... with no gaps) stores prev_hash, the
 * stored hash of entry seq - 1 (64 '0' for entry 1), and hash, the SHA-256
 * in lowercase hex of this canonical serialisation:
 *
 *     "12:ntm.audit.v1,"  then, for each field in this order,
 *     seq, at, user_id, username, role, actor_structure, actor_unit_code,
 *     action, object, structure, unit_code, before_summary, after_summary,
 *     prev_hash:
 *       SQL NULL     ->  the single byte '-'
 *       any value    ->  a netstring "<byte length in decimal>:<bytes>,"
 *
 * Integers (seq, user_id) are written in plain decimal ("42"); at is the
 * stored text ("2026-11-28T21:53:31Z").  Every field is either "-" or
 * starts with a digit and carries its own length, so the byte string can
 * be parsed back in exactly one way: no two different entries (moving a
 * byte from one field to the next, NULL against "", a missing user against
 * user 0) serialise alike.  The version tag lets a later format coexist.
 * A verifier in another language needs only this paragraph.
 *
 * Changing any stored field of an entry breaks its hash; recomputing that
 * hash breaks the next entry's link; deleting an entry leaves a gap in
 * seq; reordering breaks links.  What the chain alone cannot show is the
 * removal of the newest entries (the end is not anchored anywhere), or a
 * rewrite by someone who recomputes every later hash: signed checkpoints
 * (audit_checkpoint.c) anchor the head outside the database.
 *
 * The order of the chain is the order of commits: audit_append reads the
 * last entry and inserts last + 1 inside the caller's transaction.  On
 * SQLite db_begin takes the write lock, so appends are serialised; on a
 * backend where two transactions could read the same last entry, the
 * primary key on seq makes the second insert fail (ERR_CONFLICT) rather
 * than fork the chain.
 *
 * Hashing is libsodium's crypto_hash_sha256 (incremental, so no buffer of
 * the whole serialisation is built).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/audit/audit.h"
#include "domain/changes/changes.h"

#define AUDIT_TAG	"ntm.audit.v1"
#define AUDIT_ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 "…", 3 bytes */

static const char audit_genesis[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/*
 * The hashed fields, in serialisation order.  They are also the columns
 * 0..13 of every entry row of src/db/sql/audit.sql (column 14 is the
 * stored hash) and the parameters 1..14 of audit_insert (15 is the hash).
 */
enum audit_field {
	F_SEQ, F_AT, F_USER_ID, F_USERNAME, F_ROLE, F_ACTOR_STRUCTURE,
	F_ACTOR_UNIT_CODE, F_ACTION, F_OBJECT, F_STRUCTURE, F_UNIT_CODE,
	F_BEFORE, F_AFTER, F_PREV_HASH,
	F__MAX
};
#define COL_HASH	F__MAX

/* Room for an int64 in decimal with its sign and NUL. */
#define INT_TEXT	24

enum err
audit_crypto_init(struct errinfo *ei)
{
	/* Safe to call any number of times, from any thread. */
	if (sodium_init() < 0)
		return err_set(ei, ERR_SYS, "audit.crypto", NULL,
		    "không khởi tạo được thư viện mã hóa (libsodium)",
		    "cannot initialise the cryptography library (libsodium)");
	return ERR_OK;
}

/* Feed one field to the hash: '-' for NULL, else a netstring. */
static void
hash_field(crypto_hash_sha256_state *h, const char *s)
{
	char len[INT_TEXT + 1];
	size_t n;
	int k;

	if (s == NULL) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-", 1);
		return;
	}
	n = strlen(s);
	k = snprintf(len, sizeof(len), "%zu:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, (size_t)k);
	crypto_hash_sha256_update(h, (const unsigned char *)s, n);
	crypto_hash_sha256_update(h, (const unsigned char *)",", 1);
}

/*
 * The hash of an entry: f holds the F__MAX fields as text (NULL for SQL
 * NULL, integers already in decimal); out receives 64 lowercase hex
 * digits and a NUL.
 */
static void
audit_hash(const char *const f[F__MAX], char out[AUDIT_HASH_HEX + 1])
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&h);
	hash_field(&h, AUDIT_TAG);
	for (int i = 0; i < F__MAX; i++)
		hash_field(&h, f[i]);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, md, sizeof(md));
}

/*
 * A summary as stored: s itself (NULL stays NULL) if it has at most
 * AUDIT_SUMMARY_MAX bytes; otherwise its longest prefix that ends on a
 * UTF-8 character boundary and leaves room for "…", then "…", written to
 * cut.  The result never exceeds AUDIT_SUMMARY_MAX bytes.
 */
static const char *
summary_cut(const char *s, char cut[AUDIT_SUMMARY_MAX + 1])
{
	size_t n;

	if (s == NULL || strnlen(s, AUDIT_SUMMARY_MAX + 1) <= AUDIT_SUMMARY_MAX)
		return s;
	n = AUDIT_SUMMARY_MAX - (sizeof(AUDIT_ELLIPSIS) - 1);
	/* s[n] is the first byte dropped; while it continues a character
	 * begun before it, drop that character too. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(cut, s, n);
	memcpy(cut + n, AUDIT_ELLIPSIS, sizeof(AUDIT_ELLIPSIS));
	return cut;
}

static bool
blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* The current time as ISO 8601 UTC to the second, or ERR_SYS. */
static enum err
audit_now(char at[32], struct errinfo *ei)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || gmtime_r(&now, &tm) == NULL ||
	    strftime(at, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return err_set(ei, ERR_SYS, "audit.clock", NULL,
		    "không đọc được đồng hồ hệ thống",
		    "cannot read the system clock");
	return ERR_OK;
}

/*
 * Append one entry after the current last one.  who may be NULL (the
 * system); ev->action and ev->object are required (ERR_INVALID naming the
 * field).  Must run inside the caller's transaction: the read of the last
 * entry and the insert have to see the same chain.
 */
enum err
audit_append(struct db *db, const struct audit_actor *who,
    const struct audit_event *ev, struct errinfo *ei)
{
	static const struct audit_actor nobody = { 0 };
	struct errinfo local;
	struct db_stmt *st;
	const char *f[F__MAX];
	char seq_text[INT_TEXT], uid_text[INT_TEXT], at[32];
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	char before_cut[AUDIT_SUMMARY_MAX + 1], after_cut[AUDIT_SUMMARY_MAX + 1];
	char *before = NULL, *after = NULL;
	int64_t seq = 1;
	enum err e;
	int rc;

	if (ei == NULL)
		ei = &local;
	if (who == NULL)
		who = &nobody;
	if (ev == NULL || blank(ev->action))
		return err_set(ei, ERR_INVALID, "audit.required", "action",
		    "mục nhật ký kiểm toán thiếu hành động (action)",
		    "the audit entry has no action");
	if (blank(ev->object))
		return err_set(ei, ERR_INVALID, "audit.required", "object",
		    "mục nhật ký kiểm toán thiếu đối tượng (object)",
		    "the audit entry has no object");
	if ((e = audit_crypto_init(ei)) != ERR_OK ||
	    (e = audit_now(at, ei)) != ERR_OK)
		return e;

	st = db_stmt(db, STMT_AUDIT_LAST);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		const char *last = db_col_text(st, 1);

		if ((seq = db_col_int(st, 0)) < 0 || seq == INT64_MAX)
			return err_set(ei, ERR_CONFLICT, "audit.broken", NULL,
			    "nhật ký kiểm toán bị phá vỡ: số thứ tự cuối %lld "
			    "không hợp lệ",
			    "the audit trail is broken: the last sequence "
			    "number %lld is not valid", (long long)seq);
		seq++;
		/* A damaged last hash is chained as stored (cut to 64): the
		 * new entry must not hide the damage, and verify names the
		 * damaged entry first. */
		snprintf(prev, sizeof(prev), "%s", last != NULL ? last : "");
		/* Step past the single row to end this read. */
		if (db_step(st, ei) < 0)
			return ei->err;
	} else
		memcpy(prev, audit_genesis, sizeof(prev));

	snprintf(seq_text, sizeof(seq_text), "%lld", (long long)seq);
	snprintf(uid_text, sizeof(uid_text), "%lld", (long long)who->user_id);
	f[F_SEQ] = seq_text;
	f[F_AT] = at;
	f[F_USER_ID] = who->user_id != 0 ? uid_text : NULL;
	f[F_USERNAME] = who->username;
	f[F_ROLE] = who->role;
	f[F_ACTOR_STRUCTURE] = who->structure;
	f[F_ACTOR_UNIT_CODE] = who->unit_code;
	f[F_ACTION] = ev->action;
	f[F_OBJECT] = ev->object;
	f[F_STRUCTURE] = ev->structure;
	f[F_UNIT_CODE] = ev->unit_code;
	if (ev->before != NULL)
		before = json_dumps(ev->before, JSON_COMPACT | JSON_ENCODE_ANY);
	if (ev->after != NULL)
		after = json_dumps(ev->after, JSON_COMPACT | JSON_ENCODE_ANY);
	f[F_BEFORE] = summary_cut(before, before_cut);
	f[F_AFTER] = summary_cut(after, after_cut);
	f[F_PREV_HASH] = prev;
	audit_hash(f, hash);

	st = db_stmt(db, STMT_AUDIT_INSERT);
	for (int i = 0; i < F__MAX; i++) {
		if (i == F_SEQ)
			db_bind_int(st, i + 1, seq);
		else if (i == F_USER_ID && who->user_id != 0)
			db_bind_int(st, i + 1, who->user_id);
		else
			db_bind_text(st, i + 1, f[i]);
	}
	db_bind_text(st, COL_HASH + 1, hash);
	e = db_exec(st, ei);
	/* The change feed's row, in the same transaction and with the same
	 * seq: visible exactly when the entry is, in the chain's order. */
	if (e == ERR_OK)
		e = changes_note_audit(db, seq, at, ev, ei);
	free(before);
	free(after);
	return e;
}

enum err
audit_record(struct db *db, const struct audit_actor *who,
    const char *action, const char *structure, const char *code,
    json_t *after, struct errinfo *ei, const char *object_fmt, ...)
{
	struct audit_event ev = { .action = action, .structure = structure,
	    .unit_code = code, .after = after };
	char object[256];
	va_list ap;
	int n;
	enum err e;

	va_start(ap, object_fmt);
	n = vsnprintf(object, sizeof(object), object_fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(object))
		e = err_set(ei, ERR_LIMIT, "audit.object_too_long", "object",
		    "tên đối tượng của mục nhật ký dài quá %zu byte",
		    "the object of an audit entry is longer than %zu bytes",
		    sizeof(object) - 1);
	else {
		ev.object = object;
		e = audit_append(db, who, &ev, ei);
	}
	json_decref(after);
	return e;
}

void
audit_bind_actor(struct db_stmt *st, int i, const struct audit_actor *who)
{
	if (who != NULL && who->user_id > 0)
		db_bind_int(st, i, who->user_id);
	else
		db_bind_null(st, i);
}

/*
 * The fields of the current row of an entry statement as hashed: the
 * integers formatted into seq_text and uid_text, the text columns as the
 * driver returns them (valid until the next step).
 */
static void
row_fields(struct db_stmt *st, const char *f[F__MAX],
    char seq_text[INT_TEXT], char uid_text[INT_TEXT])
{
	/* The integer columns are never read as text: a driver may convert
	 * the value in place, and the type test of user_id must see it as
	 * stored. */
	snprintf(seq_text, INT_TEXT, "%lld", (long long)db_col_int(st, F_SEQ));
	f[F_SEQ] = seq_text;
	for (int i = F_AT; i < F__MAX; i++)
		if (i != F_USER_ID)
			f[i] = db_col_text(st, i);
	if (db_col_null(st, F_USER_ID))
		f[F_USER_ID] = NULL;
	else {
		snprintf(uid_text, INT_TEXT, "%lld",
		    (long long)db_col_int(st, F_USER_ID));
		f[F_USER_ID] = uid_text;
	}
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * Walk the entries from seq `from` on, in seq order.  For the entry number
 * k in that order (from, from + 1, ...): its seq must be k (else entry k is
 * missing, or the row's number is out of range), its prev_hash must equal
 * the stored hash of entry k - 1 (64 zeros for k = 1; not checked for the
 * first entry of a walk that starts past 1: the caller anchors it, e.g. on
 * a signed checkpoint's head), and its stored hash must equal the hash
 * recomputed from its fields.  Each entry that passes is given to fn (may
 * be NULL) with its hash; fn may stop the walk by returning an error.  The
 * first failure stops the walk: *first_bad is that seq, *checked the
 * entries that passed before it.  One statement, so one snapshot of the
 * chain on both backends.
 */
enum err
audit_walk(struct db *db, int64_t from, audit_walk_fn fn, void *ctx,
    int64_t *checked, int64_t *first_bad, struct errinfo *ei)
{
	struct errinfo local;
	struct db_stmt *st;
	const char *f[F__MAX];
	char seq_text[INT_TEXT], uid_text[INT_TEXT];
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	int64_t expect = from < 1 ? 1 : from;
	enum err e = ERR_OK;
	int rc;

	if (ei == NULL)
		ei = &local;
	*checked = 0;
	*first_bad = 0;
	if ((e = audit_crypto_init(ei)) != ERR_OK)
		return e;
	memcpy(prev, audit_genesis, sizeof(prev));
	st = db_stmt(db, STMT_AUDIT_FROM_IN_ORDER);
	/* From the start: every row, so that a number below 1 is seen. */
	db_bind_int(st, 1, expect > 1 ? expect : INT64_MIN);
	while ((rc = db_step(st, ei)) == 1) {
		int64_t seq = db_col_int(st, F_SEQ);
		const char *stored;

		if (seq > expect) {
			*first_bad = expect;
			e = err_set(ei, ERR_CONFLICT, "audit.broken", NULL,
			    "nhật ký kiểm toán bị phá vỡ: thiếu mục %lld "
			    "(mục kế tiếp còn lại là %lld)",
			    "the audit trail is broken: entry %lld is "
			    "missing (the next remaining entry is %lld)",
			    (long long)expect, (long long)seq);
			break;
		}
		if (seq < expect) {
			/* Only a number below 1 sorts before the expected
			 * one: seq is unique and read in order. */
			*first_bad = seq;
			e = err_set(ei, ERR_CONFLICT, "audit.broken", NULL,
			    "nhật ký kiểm toán bị phá vỡ tại mục %lld: số thứ "
			    "tự không hợp lệ (phải bắt đầu từ 1)",
			    "the audit trail is broken at entry %lld: "
			    "invalid sequence number (it must start at 1)",
			    (long long)seq);
			break;
		}
		row_fields(st, f, seq_text, uid_text);
		if (seq == from && from > 1 && f[F_PREV_HASH] != NULL)
			snprintf(prev, sizeof(prev), "%s", f[F_PREV_HASH]);
		if (!same(f[F_PREV_HASH], prev)) {
			*first_bad = seq;
			e = err_set(ei, ERR_CONFLICT, "audit.broken", NULL,
			    "nhật ký kiểm toán bị phá vỡ tại mục %lld: liên kết "
			    "với mục trước bị đứt (prev_hash không khớp với mã "
			    "băm của mục %lld)",
			    "the audit trail is broken at entry %lld: the "
			    "link to the previous entry is cut (prev_hash "
			    "does not match the hash of entry %lld)",
			    (long long)seq, (long long)(seq - 1));
			break;
		}
		audit_hash(f, hash);
		stored = db_col_text(st, COL_HASH);
		if (!same(stored, hash)) {
			*first_bad = seq;
			e = err_set(ei, ERR_CONFLICT, "audit.broken", NULL,
			    "nhật ký kiểm toán bị phá vỡ tại mục %lld: mã băm "
			    "không khớp (nội dung của mục đã bị sửa đổi)",
			    "the audit trail is broken at entry %lld: the "
			    "hash does not match (the entry's content was "
			    "altered)",
			    (long long)seq);
			break;
		}
		if (fn != NULL && (e = fn(ctx, seq, hash, ei)) != ERR_OK) {
			*first_bad = seq;
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		(*checked)++;
		expect++;
	}
	if (rc < 0)
		return ei->err;
	if (e != ERR_OK)
		db_stmt(db, STMT_AUDIT_FROM_IN_ORDER);	/* end the read */
	return e;
}

/* The whole chain from entry 1. */
enum err
audit_verify(struct db *db, int64_t *checked, int64_t *first_bad,
    struct errinfo *ei)
{
	return audit_walk(db, 1, NULL, NULL, checked, first_bad, ei);
}

static bool
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * A "since" bound as the key it is compared with: "YYYY-MM-DD", or that
 * followed by 'T' (or a space) and "HH:MM" or "HH:MM:SS", optionally with a
 * final 'Z' (times are UTC).  The key drops the 'Z' and uses 'T', so it is
 * a prefix of every stored time at that instant and sorts before those
 * after it.  NULL (with ei filled) if s is not such a value.
 */
static const char *
since_key(struct arena *a, const char *s, struct errinfo *ei)
{
	size_t n = strnlen(s, 21);
	char *k;

	if ((n == 17 || n == 20) && s[n - 1] == 'Z')
		n--;
	if (!((n == 10 || n == 16 || n == 19) && digits(s, 4) && s[4] == '-' &&
	    digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2) &&
	    two(s + 5) >= 1 && two(s + 5) <= 12 && two(s + 8) >= 1 &&
	    two(s + 8) <= 31))
		goto bad;
	if (n > 10 && !((s[10] == 'T' || s[10] == ' ') && digits(s + 11, 2) &&
	    s[13] == ':' && digits(s + 14, 2) && two(s + 11) <= 23 &&
	    two(s + 14) <= 59))
		goto bad;
	if (n == 19 && !(s[16] == ':' && digits(s + 17, 2) && two(s + 17) <= 60))
		goto bad;
	k = arena_strndup(a, s, n);
	if (n > 10)
		k[10] = 'T';
	return k;
bad:
	err_set(ei, ERR_INVALID, "audit.bad_since", "since",
	    "thời điểm '%.40s' không hợp lệ (YYYY-MM-DD hoặc "
	    "YYYY-MM-DDTHH:MM:SSZ, giờ UTC)",
	    "time '%.40s' is not valid (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
	    "UTC)", s);
	return NULL;
}

static const char *
col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

static void
entry_from_row(struct arena *a, struct db_stmt *st, struct audit_entry *e)
{
	e->seq = db_col_int(st, F_SEQ);
	e->at = col(a, st, F_AT);
	e->user_id = db_col_null(st, F_USER_ID) ? 0 : db_col_int(st, F_USER_ID);
	e->username = col(a, st, F_USERNAME);
	e->role = col(a, st, F_ROLE);
	e->actor_structure = col(a, st, F_ACTOR_STRUCTURE);
	e->actor_unit_code = col(a, st, F_ACTOR_UNIT_CODE);
	e->action = col(a, st, F_ACTION);
	e->object = col(a, st, F_OBJECT);
	e->structure = col(a, st, F_STRUCTURE);
	e->unit_code = col(a, st, F_UNIT_CODE);
	e->before = col(a, st, F_BEFORE);
	e->after = col(a, st, F_AFTER);
	e->prev_hash = col(a, st, F_PREV_HASH);
	e->hash = col(a, st, COL_HASH);
}

/*
 * Entries at or after q->since (all if NULL), newest first (by time, then
 * seq), that q->visible accepts (all if NULL).  out->total counts them;
 * out->items holds those from position q->offset, at most q->limit.
 * Visibility is decided here, not in SQL, so every matching row is read:
 * the cost grows with the entries since the bound, not with the page.
 */
enum err
audit_list(struct db *db, struct arena *a, const struct audit_query *q,
    struct audit_list *out, struct errinfo *ei)
{
	struct errinfo local;
	struct db_stmt *st;
	const char *since = "";	/* sorts before every stored time */
	size_t cap = 0;
	int rc;

	if (ei == NULL)
		ei = &local;
	out->items = NULL;
	out->n = 0;
	out->total = 0;
	if (q->limit < 0)
		return err_set(ei, ERR_INVALID, "audit.bad_limit", "limit",
		    "limit không được âm",
		    "limit must not be negative");
	if (q->offset < 0)
		return err_set(ei, ERR_INVALID, "audit.bad_offset", "offset",
		    "offset không được âm",
		    "offset must not be negative");
	if (q->since != NULL && (since = since_key(a, q->since, ei)) == NULL)
		return ei->err;

	st = db_stmt(db, STMT_AUDIT_SINCE_NEWEST_FIRST);
	db_bind_text(st, 1, since);
	while ((rc = db_step(st, ei)) == 1) {
		int64_t pos;

		if (q->visible != NULL && !q->visible(q->ctx,
		    db_col_text(st, F_STRUCTURE), db_col_text(st, F_UNIT_CODE)))
			continue;
		pos = out->total++;
		if (pos < q->offset || pos - q->offset >= q->limit)
			continue;
		if (out->n == cap) {
			/* Doubling in the arena: at most twice the page. */
			size_t ncap = cap ? cap * 2 : 16;
			struct audit_entry *bigger = arena_alloc(a,
			    ncap * sizeof(*bigger));

			if (out->n > 0)
				memcpy(bigger, out->items, out->n * sizeof(*bigger));
			out->items = bigger;
			cap = ncap;
		}
		entry_from_row(a, st, &out->items[out->n++]);
	}
	return rc < 0 ? ei->err : ERR_OK;
}
