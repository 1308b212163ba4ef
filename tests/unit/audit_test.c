/*
 * audit_test.c - the audit trail over a real SQLite database in a temp
 * file.  Entries are appended through audit_append inside transactions,
 * then the file is tampered with behind ntm's back through the sqlite3 C
 * API (a changed summary, a changed and re-hashed entry, a deleted entry,
 * two entries' contents swapped, NULL turned into "", the first entry
 * removed) and audit_verify must name exactly the first broken seq.  Also:
 * the hashes match an independent implementation of the serialisation
 * documented at the top of audit.c, summaries are cut on a UTF-8 boundary,
 * listing honours since, visibility, paging and total, and a rolled-back
 * append leaves nothing behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/text.h"
#include "domain/audit/audit.h"
#include "testdb.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct arena *a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (testdb_open("audit-test", f->dir, f->path, &f->db) != 0)
		return -1;
	f->a = arena_new(64 * 1024);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	arena_free(f->a);
	rc = testdb_remove(f->db, f->dir);
	free(f);
	return rc;
}

/* One committed transaction holding one entry. */
static void
append(struct fixture *f, const struct audit_actor *who,
    const struct audit_event *ev)
{
	struct errinfo ei;

	assert_int_equal(db_begin(f->db, NULL), ERR_OK);
	if (audit_append(f->db, who, ev, &ei) != ERR_OK)
		fail_msg("audit_append: %s", ei.message);
	assert_int_equal(db_commit(f->db, NULL), ERR_OK);
	db_end_reads(f->db);
}

/* n entries with varied actors, units and summaries (some NULL). */
static void
append_n(struct fixture *f, int n)
{
	static const char *const units[] = { "48", "01", NULL, "20194" };

	for (int i = 1; i <= n; i++) {
		char obj[32];
		json_t *before = i % 2 ? NULL : json_object();
		json_t *after = json_pack("{s:i}", "n", i);
		struct audit_actor who = { .user_id = i % 3 == 0 ? 0 : i,
		    .username = i % 3 == 0 ? NULL : "admin",
		    .role = i % 3 == 0 ? NULL : "province_officer",
		    .structure = "2025", .unit_code = "48" };
		struct audit_event ev = { .action = "user.update",
		    .object = obj, .structure = units[i % 4] ? "2025" : NULL,
		    .unit_code = units[i % 4], .before = before,
		    .after = after };

		snprintf(obj, sizeof(obj), "user:%d", i);
		append(f, &who, &ev);
		json_decref(before);
		json_decref(after);
	}
}

/* Run SQL on the database file through a second, raw connection. */
static void
tamper(struct fixture *f, const char *sql)
{
	sqlite3 *c;
	char *msg = NULL;

	db_end_reads(f->db);
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	if (sqlite3_exec(c, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("tamper: %s: %s", sql, msg);
	sqlite3_close(c);
}

/* Expect a broken chain; return the first bad seq. */
static int64_t
verify_broken(struct fixture *f, struct errinfo *ei, int64_t *checked)
{
	int64_t first_bad = -1;

	assert_int_equal(audit_verify(f->db, checked, &first_bad, ei),
	    ERR_CONFLICT);
	assert_int_equal(ei->err, ERR_CONFLICT);
	assert_string_equal(ei->code, "audit.broken");
	return first_bad;
}

static void
verify_intact(struct fixture *f, int64_t n)
{
	struct errinfo ei;
	int64_t checked = -1, first_bad = -1;

	if (audit_verify(f->db, &checked, &first_bad, &ei) != ERR_OK)
		fail_msg("audit_verify: %s", ei.message);
	assert_int_equal(checked, n);
	assert_int_equal(first_bad, 0);
}

/*
 * An independent implementation of the serialisation documented at the top
 * of audit.c, over a raw row: the netstring "ntm.audit.v1", then each of
 * the 14 columns seq..prev_hash as '-' (NULL) or a netstring.
 */
static void
ref_hash(const char *const col[14], char out[AUDIT_HASH_HEX + 1])
{
	struct buf b;
	unsigned char md[crypto_hash_sha256_BYTES];

	buf_init(&b, 1 << 20);
	assert_int_equal(buf_printf(&b, "12:ntm.audit.v1,"), ERR_OK);
	for (int i = 0; i < 14; i++) {
		if (col[i] == NULL)
			assert_int_equal(buf_putc(&b, '-'), ERR_OK);
		else
			assert_int_equal(buf_printf(&b, "%zu:%s,",
			    strlen(col[i]), col[i]), ERR_OK);
	}
	crypto_hash_sha256(md, (const unsigned char *)buf_cstr(&b), b.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, md, sizeof(md));
	buf_free(&b);
}

/* The reference hash of the row seq as it now is in the file. */
static void
ref_hash_of_row(struct fixture *f, int64_t seq, char out[AUDIT_HASH_HEX + 1],
    char stored[AUDIT_HASH_HEX + 1])
{
	sqlite3 *c;
	sqlite3_stmt *st;
	const char *col[14];
	char *copy[14];

	db_end_reads(f->db);
	assert_int_equal(sqlite3_open(f->path, &c), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT seq, at, user_id, "
	    "username, role, actor_structure, actor_unit_code, action, object, "
	    "structure, unit_code, before_summary, after_summary, prev_hash, "
	    "hash FROM audit_log WHERE seq = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	for (int i = 0; i < 14; i++) {
		const char *s = (const char *)sqlite3_column_text(st, i);

		copy[i] = s ? strdup(s) : NULL;
		col[i] = copy[i];
	}
	if (stored != NULL)
		snprintf(stored, AUDIT_HASH_HEX + 1, "%s",
		    (const char *)sqlite3_column_text(st, 14));
	sqlite3_finalize(st);
	sqlite3_close(c);
	ref_hash(col, out);
	for (int i = 0; i < 14; i++)
		free(copy[i]);
}

static struct audit_list
list_all(struct fixture *f)
{
	struct audit_query q = { .limit = 1000 };
	struct audit_list l;

	assert_int_equal(audit_list(f->db, f->a, &q, &l, NULL), ERR_OK);
	return l;
}

static void
test_empty_chain_is_intact(void **state)
{
	verify_intact(*state, 0);
}

static void
test_append_links_and_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_list l;

	append_n(f, 6);
	verify_intact(f, 6);
	l = list_all(f);
	assert_int_equal(l.total, 6);
	assert_int_equal(l.n, 6);
	/* Newest first; each links to the one before; seq 1 to zeros. */
	for (size_t i = 0; i < l.n; i++) {
		const struct audit_entry *e = &l.items[i];

		assert_int_equal(e->seq, 6 - (int64_t)i);
		assert_int_equal(strlen(e->hash), AUDIT_HASH_HEX);
		assert_int_equal(strspn(e->hash, "0123456789abcdef"),
		    AUDIT_HASH_HEX);
		assert_int_equal(strlen(e->at), 20);
		assert_true(e->at[4] == '-' && e->at[10] == 'T' &&
		    e->at[13] == ':' && e->at[16] == ':' && e->at[19] == 'Z');
		if (i + 1 < l.n)
			assert_string_equal(e->prev_hash, l.items[i + 1].hash);
		else
			assert_string_equal(e->prev_hash, "00000000000000000000"
			    "00000000000000000000000000000000000000000000");
	}
	/* Actor and event fields round-trip, NULL as NULL. */
	assert_int_equal(l.items[0].user_id, 0);	/* seq 6: 6 % 3 == 0 */
	assert_null(l.items[0].username);
	assert_string_equal(l.items[0].before, "{}");
	assert_int_equal(l.items[1].user_id, 5);
	assert_string_equal(l.items[1].username, "admin");
	assert_string_equal(l.items[1].role, "province_officer");
	assert_string_equal(l.items[1].actor_structure, "2025");
	assert_string_equal(l.items[1].actor_unit_code, "48");
	assert_string_equal(l.items[1].action, "user.update");
	assert_string_equal(l.items[1].object, "user:5");
	assert_string_equal(l.items[1].unit_code, "01");
	assert_null(l.items[1].before);
	assert_string_equal(l.items[1].after, "{\"n\":5}");
	assert_string_equal(l.items[2].before, "{}");
	assert_null(l.items[4].unit_code);	/* seq 2: units[2] */
	assert_null(l.items[4].structure);
}

static void
test_hash_is_the_documented_serialisation(void **state)
{
	struct fixture *f = *state;
	char ref[AUDIT_HASH_HEX + 1], stored[AUDIT_HASH_HEX + 1];
	const char *a[14] = { "1", "2026-01-01T00:00:00Z", NULL, NULL, NULL,
	    NULL, NULL, "x.y", "x:1", NULL, NULL, NULL, NULL, "0" };
	char h1[AUDIT_HASH_HEX + 1], h2[AUDIT_HASH_HEX + 1];

	append_n(f, 4);
	for (int64_t s = 1; s <= 4; s++) {
		ref_hash_of_row(f, s, ref, stored);
		assert_string_equal(ref, stored);
	}
	/* The serialisation tells NULL from "" and keeps field edges. */
	ref_hash(a, h1);
	a[3] = "";
	ref_hash(a, h2);
	assert_string_not_equal(h1, h2);
	a[3] = "ab";
	a[4] = "c";
	ref_hash(a, h1);
	a[3] = "a";
	a[4] = "bc";
	ref_hash(a, h2);
	assert_string_not_equal(h1, h2);
}

static void
test_changed_summary_names_its_entry(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	append_n(f, 6);
	tamper(f, "UPDATE audit_log SET after_summary = '{\"n\":999}' "
	    "WHERE seq = 3");
	assert_int_equal(verify_broken(f, &ei, &checked), 3);
	assert_int_equal(checked, 2);
	assert_non_null(strstr(ei.message, "mục 3"));
	assert_non_null(strstr(ei.message, "mã băm không khớp"));
	assert_non_null(strstr(ei.message_en, "entry 3"));
	assert_non_null(strstr(ei.message_en, "the hash does not match"));
}

static void
test_rehashed_change_breaks_the_next_link(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;
	char ref[AUDIT_HASH_HEX + 1], sql[256];

	append_n(f, 6);
	tamper(f, "UPDATE audit_log SET after_summary = '{\"n\":999}' "
	    "WHERE seq = 4");
	/* A forger who knows the format fixes entry 4's own hash... */
	ref_hash_of_row(f, 4, ref, NULL);
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET hash = '%s' "
	    "WHERE seq = 4", ref);
	tamper(f, sql);
	/* ...and entry 5 still points at the old one. */
	assert_int_equal(verify_broken(f, &ei, &checked), 5);
	assert_int_equal(checked, 4);
	assert_non_null(strstr(ei.message, "mục 5"));
	assert_non_null(strstr(ei.message, "liên kết"));
	assert_non_null(strstr(ei.message_en, "entry 5"));
	assert_non_null(strstr(ei.message_en, "the link to the previous entry"));
}

static void
test_deleted_entry_is_named_missing(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	append_n(f, 6);
	tamper(f, "DELETE FROM audit_log WHERE seq = 3");
	assert_int_equal(verify_broken(f, &ei, &checked), 3);
	assert_int_equal(checked, 2);
	assert_non_null(strstr(ei.message, "thiếu mục 3"));
}

static void
test_deleted_first_entry_is_named_missing(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	append_n(f, 3);
	tamper(f, "DELETE FROM audit_log WHERE seq = 1");
	assert_int_equal(verify_broken(f, &ei, &checked), 1);
	assert_int_equal(checked, 0);
}

static void
test_renumbered_entries_are_caught(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	/* Closing the gap of a deletion by renumbering breaks the link. */
	append_n(f, 5);
	tamper(f, "DELETE FROM audit_log WHERE seq = 3;"
	    "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
	assert_int_equal(verify_broken(f, &ei, &checked), 3);
	assert_non_null(strstr(ei.message, "liên kết"));
	/* A number below 1 is named as such. */
	tamper(f, "UPDATE audit_log SET seq = 0 WHERE seq = 1");
	assert_int_equal(verify_broken(f, &ei, &checked), 0);
	assert_int_equal(checked, 0);
}

static void
test_swapped_entries_name_the_first(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	append_n(f, 6);
	/* Exchange every column but seq between entries 2 and 4. */
	tamper(f,
	    "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (2, 4);"
	    "UPDATE audit_log SET (at, user_id, username, role, actor_structure,"
	    " actor_unit_code, action, object, structure, unit_code,"
	    " before_summary, after_summary, prev_hash, hash) ="
	    " (SELECT at, user_id, username, role, actor_structure,"
	    " actor_unit_code, action, object, structure, unit_code,"
	    " before_summary, after_summary, prev_hash, hash FROM t"
	    " WHERE t.seq = 6 - audit_log.seq) WHERE seq IN (2, 4)");
	assert_int_equal(verify_broken(f, &ei, &checked), 2);
	assert_int_equal(checked, 1);
	assert_non_null(strstr(ei.message, "mục 2"));
}

static void
test_null_and_empty_hash_differently(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t checked;

	append_n(f, 6);	/* entry 3: no user, username NULL */
	tamper(f, "UPDATE audit_log SET username = '' WHERE seq = 3");
	assert_int_equal(verify_broken(f, &ei, &checked), 3);
	tamper(f, "UPDATE audit_log SET username = NULL WHERE seq = 3");
	verify_intact(f, 6);
	/* A missing user is not user 0. */
	tamper(f, "UPDATE audit_log SET user_id = 0 WHERE seq = 3");
	assert_int_equal(verify_broken(f, &ei, &checked), 3);
	tamper(f, "UPDATE audit_log SET user_id = NULL WHERE seq = 3");
	verify_intact(f, 6);
	/* A "" summary is not a NULL one either (entry 1: before NULL). */
	tamper(f, "UPDATE audit_log SET before_summary = '' WHERE seq = 1");
	assert_int_equal(verify_broken(f, &ei, &checked), 1);
}

static void
test_summary_cut_on_utf8_boundary(void **state)
{
	struct fixture *f = *state;
	/* 3-byte "ệ" after a 1- or 2-byte head, 4-byte emoji after none. */
	static const struct {
		const char *head, *ch;
		size_t kept;	/* bytes kept before the "…" */
	} cases[] = {
		/* The summary is a JSON string: its text starts with '"'. */
		{ "\"", "\xe1\xbb\x87", 1996 },	/* 1997 would split a char */
		{ "\"a", "\xe1\xbb\x87", 1997 },	/* ends exactly on one */
		{ "\"a", "\xf0\x9f\x8c\xbe", 1994 },
	};
	char *big = malloc(8000);
	struct audit_list l;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct audit_event ev = { .action = "x.cut", .object = "x:1" };
		json_t *j;
		size_t n = strlen(cases[c].head);

		memcpy(big, cases[c].head, n);
		while (n + strlen(cases[c].ch) < 7000) {
			memcpy(big + n, cases[c].ch, strlen(cases[c].ch));
			n += strlen(cases[c].ch);
		}
		big[n] = '\0';
		ev.before = ev.after = j = json_string(big + 1);
		append(f, NULL, &ev);
		json_decref(j);
		l = list_all(f);
		assert_int_equal(strlen(l.items[0].after), cases[c].kept + 3);
		assert_true(strlen(l.items[0].after) <= AUDIT_SUMMARY_MAX);
		assert_memory_equal(l.items[0].after, big, cases[c].kept);
		assert_string_equal(l.items[0].after + cases[c].kept,
		    "\xe2\x80\xa6");
		assert_true(text_utf8_valid(l.items[0].after,
		    strlen(l.items[0].after)));
		assert_string_equal(l.items[0].before, l.items[0].after);
	}
	/* Exactly AUDIT_SUMMARY_MAX bytes are kept as they are; one more
	 * byte is cut. */
	memset(big, 'x', AUDIT_SUMMARY_MAX);
	big[0] = big[AUDIT_SUMMARY_MAX - 1] = '"';
	big[AUDIT_SUMMARY_MAX] = '\0';
	{
		json_t *j = json_stringn(big + 1, AUDIT_SUMMARY_MAX - 2);

		append(f, NULL, &(struct audit_event){ .action = "x.cut",
		    .object = "x:2", .after = j });
		json_decref(j);
	}
	l = list_all(f);
	assert_string_equal(l.items[0].after, big);
	{
		json_t *j = json_stringn(big + 1, AUDIT_SUMMARY_MAX - 1);

		append(f, NULL, &(struct audit_event){ .action = "x.cut",
		    .object = "x:3", .after = j });
		json_decref(j);
	}
	l = list_all(f);
	assert_int_equal(strlen(l.items[0].after), AUDIT_SUMMARY_MAX);
	/* The stored (cut) text is what is hashed. */
	verify_intact(f, 5);
	free(big);
}

static void
test_required_fields(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	struct audit_event ev = { .object = "user:1" };

	assert_int_equal(db_begin(f->db, NULL), ERR_OK);
	assert_int_equal(audit_append(f->db, NULL, &ev, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "action");
	ev.action = "";
	assert_int_equal(audit_append(f->db, NULL, &ev, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "action");
	ev.action = "user.create";
	ev.object = NULL;
	assert_int_equal(audit_append(f->db, NULL, &ev, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "object");
	ev.object = "";
	assert_int_equal(audit_append(f->db, NULL, &ev, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "object");
	assert_int_equal(audit_append(f->db, NULL, NULL, &ei), ERR_INVALID);
	assert_int_equal(db_commit(f->db, NULL), ERR_OK);
	assert_int_equal(list_all(f).total, 0);
}

static void
test_rolled_back_append_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct audit_event ev = { .action = "user.create", .object = "user:9" };
	struct audit_list l;

	append_n(f, 2);
	assert_int_equal(db_begin(f->db, NULL), ERR_OK);
	assert_int_equal(audit_append(f->db, NULL, &ev, NULL), ERR_OK);
	assert_int_equal(audit_append(f->db, NULL, &ev, NULL), ERR_OK);
	db_rollback(f->db);
	db_end_reads(f->db);
	assert_int_equal(list_all(f).total, 2);
	verify_intact(f, 2);
	/* The chain goes on from the last committed entry. */
	append(f, NULL, &ev);
	l = list_all(f);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.items[0].seq, 3);
	assert_string_equal(l.items[0].prev_hash, l.items[1].hash);
	verify_intact(f, 3);
}

/* Visible: entries of the unit named by ctx ("48"); never unit-less ones. */
static int visible_calls;

static bool
only_unit(void *ctx, const char *structure, const char *unit_code)
{
	visible_calls++;
	return structure != NULL && strcmp(structure, "2025") == 0 &&
	    unit_code != NULL && strcmp(unit_code, ctx) == 0;
}

static void
test_list_since_visibility_paging(void **state)
{
	struct fixture *f = *state;
	struct audit_query q = { .limit = 100 };
	struct audit_list l;
	struct errinfo ei;

	append_n(f, 12);	/* units by seq % 4: 0 "48", 1 "01", 2 NULL, 3 "20194" */
	/* Known times (list does not check hashes): seq s at 00:00:s. */
	tamper(f, "UPDATE audit_log SET at = "
	    "printf('2026-03-01T10:00:%02dZ', seq)");

	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	assert_int_equal(l.items[0].seq, 12);
	assert_int_equal(l.items[11].seq, 1);

	/* since: a time (inclusive), the same without Z or seconds, a date. */
	q.since = "2026-03-01T10:00:09Z";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 4);
	assert_int_equal(l.items[3].seq, 9);
	q.since = "2026-03-01 10:00:09";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 4);
	q.since = "2026-03-01T10:00Z";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	q.since = "2026-03-01";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	q.since = "2026-03-02";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 0);
	assert_int_equal(l.n, 0);

	/* Visibility: only unit 48 (seq 4, 8, 12), newest first. */
	q.since = NULL;
	q.visible = only_unit;
	q.ctx = "48";
	visible_calls = 0;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(visible_calls, 12);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].seq, 12);
	assert_int_equal(l.items[1].seq, 8);
	assert_int_equal(l.items[2].seq, 4);
	/* Together with since. */
	q.since = "2026-03-01T10:00:05";
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 2);

	/* Paging is over the visible entries; total does not change. */
	q.since = NULL;
	q.ctx = "01";	/* seq 1, 5, 9 */
	q.limit = 2;
	q.offset = 1;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 3);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].seq, 5);
	assert_int_equal(l.items[1].seq, 1);
	q.visible = NULL;
	q.limit = 5;
	q.offset = 10;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].seq, 2);
	q.offset = 12;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	assert_int_equal(l.n, 0);
	q.offset = 0;
	q.limit = 0;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 12);
	assert_int_equal(l.n, 0);
	/* More than the first arena block of items (growth). */
	append_n(f, 30);
	tamper(f, "UPDATE audit_log SET at = "
	    "printf('2026-03-01T10:%02d:%02dZ', seq / 60, seq % 60)");
	q.limit = 40;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_OK);
	assert_int_equal(l.total, 42);
	assert_int_equal(l.n, 40);
	assert_int_equal(l.items[39].seq, 3);
}

static void
test_list_rejects_bad_query(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = { "", "yesterday", "2026-3-01",
	    "2026-13-01", "2026-03-00", "2026-03-01T25:00", "2026-03-01T10",
	    "2026-03-01T10:00:00+07:00", "2026-03-01Z", "2026-03-01T10:00:00ZZ",
	    "2026-03-01T10:00:00.5Z", "' OR 1=1 --" };
	struct audit_query q = { .limit = 10 };
	struct audit_list l;
	struct errinfo ei;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q.since = bad[i];
		assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.field, "since");
	}
	q.since = NULL;
	q.limit = -1;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "limit");
	q.limit = 1;
	q.offset = -1;
	assert_int_equal(audit_list(f->db, f->a, &q, &l, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "offset");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_chain_is_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_links_and_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_is_the_documented_serialisation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_summary_names_its_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_change_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_entry_is_named_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first_entry_is_named_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renumbered_entries_are_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_entries_name_the_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_and_empty_hash_differently, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_cut_on_utf8_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rolled_back_append_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_since_visibility_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_rejects_bad_query, setup, teardown),
	};

	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
