/*
 * audit_checkpoint_test.c - signed checkpoints of the audit trail's head
 * (domain/audit/audit_checkpoint.c) over a real SQLite database: the
 * signature is over exactly the bytes the file's header paragraph
 * documents (checked here with libsodium directly, as a verifier in
 * another program would), a printed line parses back to the same
 * checkpoint, a periodic caller signs nothing when nothing is new, and
 * audit_check names a deleted tail, a deleted-and-regrown tail and a
 * signature that does not hold.  The rewrite behind recomputed hashes is
 * end-to-end (tests/e2e/api/audit-checkpoint.test.js), where the hashes
 * are recomputed by an independent implementation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "domain/audit/audit_checkpoint.h"
#include "testdb.h"

struct fixture {
	char dir[64];
	char path[128];
	char key_path[160];
	struct db *db;
	struct audit_key *key;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct errinfo ei;
	char pub[AUDIT_KEY_HEX + 1];

	if (testdb_open("audit-cp-test", f->dir, f->path, &f->db) != 0)
		return -1;
	snprintf(f->key_path, sizeof(f->key_path), "%s/audit.key", f->dir);
	if (audit_key_generate(f->key_path, pub, &ei) != ERR_OK ||
	    audit_key_load(f->key_path, &f->key, &ei) != ERR_OK ||
	    strcmp(pub, audit_key_public(f->key)) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	audit_key_free(f->key);
	unlink(f->key_path);
	rc = testdb_remove(f->db, f->dir);
	free(f);
	return rc;
}

static void
append_n(struct fixture *f, int n)
{
	struct errinfo ei;

	for (int i = 0; i < n; i++) {
		assert_int_equal(db_begin(f->db, NULL), ERR_OK);
		if (audit_record(f->db, NULL, "test.step", NULL, NULL,
		    json_pack("{s:i}", "i", i), &ei, "step:%d", i) != ERR_OK)
			fail_msg("audit_record: %s", ei.message);
		assert_int_equal(db_commit(f->db, NULL), ERR_OK);
		db_end_reads(f->db);
	}
}

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

static void
make(struct fixture *f, bool only_if_new, struct audit_checkpoint *c,
    bool *made)
{
	struct errinfo ei;

	if (audit_checkpoint_make(f->db, f->key, NULL, only_if_new, c, made,
	    &ei) !=
	    ERR_OK)
		fail_msg("audit_checkpoint_make: %s", ei.message);
}

static void
test_signature_is_over_the_documented_bytes(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint c, back;
	struct errinfo ei;
	unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
	char msg[512], line[AUDIT_CHECKPOINT_LINE_MAX + 1], seq[24];
	bool made;
	int n;

	append_n(f, 4);
	make(f, false, &c, &made);
	assert_true(made);
	assert_int_equal(c.seq, 4);
	snprintf(seq, sizeof(seq), "%lld", (long long)c.seq);
	n = snprintf(msg, sizeof(msg), "23:ntm.audit.checkpoint.v1,%zu:%s,"
	    "64:%s,%zu:%s,64:%s,", strlen(seq), seq, c.head, strlen(c.at),
	    c.at, c.key);
	assert_true(n > 0 && (size_t)n < sizeof(msg));
	assert_int_equal(sodium_hex2bin(sig, sizeof(sig), c.sig, AUDIT_SIG_HEX,
	    NULL, NULL, NULL), 0);
	assert_int_equal(sodium_hex2bin(pk, sizeof(pk), c.key, AUDIT_KEY_HEX,
	    NULL, NULL, NULL), 0);
	assert_int_equal(crypto_sign_verify_detached(sig,
	    (const unsigned char *)msg, (size_t)n, pk), 0);

	/* printed and parsed back: the same checkpoint */
	assert_true(audit_checkpoint_format(&c, line, sizeof(line)));
	assert_int_equal(audit_checkpoint_parse(line, &back, &ei), ERR_OK);
	assert_int_equal(back.seq, c.seq);
	assert_string_equal(back.head, c.head);
	assert_string_equal(back.at, c.at);
	assert_string_equal(back.key, c.key);
	assert_string_equal(back.sig, c.sig);
}

static void
test_periodic_signs_only_new_heads(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint a, b;
	bool made;

	make(f, true, &a, &made);	/* the empty trail: entry 0 */
	assert_true(made);
	assert_int_equal(a.seq, 0);
	make(f, true, &b, &made);
	assert_false(made);
	append_n(f, 2);
	make(f, true, &b, &made);
	assert_true(made);
	assert_int_equal(b.seq, 2);
	make(f, true, &b, &made);
	assert_false(made);
	/* an explicit checkpoint is always made (a fresher time) */
	make(f, false, &b, &made);
	assert_true(made);
}

static void
test_check_names_cut_regrown_and_forged(void **state)
{
	struct fixture *f = *state;
	struct audit_checkpoint c, bad;
	struct audit_check_result res;
	struct errinfo ei;
	bool made;

	append_n(f, 5);
	make(f, false, &c, &made);
	append_n(f, 1);
	c.line = 1;
	assert_int_equal(audit_check(f->db, audit_key_public(f->key), &c, 1,
	    &res, &ei), ERR_OK);
	assert_int_equal(res.entries, 6);
	assert_int_equal(res.stored, 1);
	assert_int_equal(res.given, 1);

	bad = c;
	bad.seq = 4;	/* the signature covers the count */
	assert_int_equal(audit_check(f->db, NULL, &bad, 1, &res, &ei),
	    ERR_CONFLICT);
	assert_string_equal(ei.code, "audit.checkpoint_forged");

	tamper(f, "DELETE FROM audit_checkpoint; DELETE FROM audit_log "
	    "WHERE seq > 3");
	assert_int_equal(audit_check(f->db, NULL, NULL, 0, &res, &ei), ERR_OK);
	assert_int_equal(audit_check(f->db, NULL, &c, 1, &res, &ei),
	    ERR_CONFLICT);
	assert_string_equal(ei.code, "audit.cut");
	assert_non_null(strstr(ei.message_en, "the trail has 3 entries but "
	    "the checkpoint records 5"));

	append_n(f, 3);	/* as many entries as before, other ones */
	assert_int_equal(audit_check(f->db, NULL, &c, 1, &res, &ei),
	    ERR_CONFLICT);
	assert_string_equal(ei.code, "audit.checkpoint_mismatch");
	/* and the key will not sign past its own earlier head either */
	tamper(f, "DELETE FROM audit_checkpoint");
	{
		struct db_stmt *st = db_stmt(f->db, STMT_AUDIT_CHECKPOINT_INSERT);

		db_bind_int(st, 1, c.seq);
		db_bind_text(st, 2, c.head);
		db_bind_text(st, 3, c.at);
		db_bind_text(st, 4, c.key);
		db_bind_text(st, 5, c.sig);
		assert_int_equal(db_exec(st, &ei), ERR_OK);
	}
	assert_int_equal(audit_checkpoint_make(f->db, f->key, NULL, false,
	    &bad, &made, &ei), ERR_CONFLICT);
	assert_false(made);
	assert_string_equal(ei.code, "audit.checkpoint_mismatch");
}

static void
test_key_file_rules(void **state)
{
	struct fixture *f = *state;
	struct audit_key *k = NULL;
	struct errinfo ei;
	char pub[AUDIT_KEY_HEX + 1];

	assert_int_equal(audit_key_generate(f->key_path, pub, &ei),
	    ERR_CONFLICT);
	assert_string_equal(ei.code, "audit.key_exists");
	assert_int_equal(chmod(f->key_path, 0640), 0);
	assert_int_equal(audit_key_load(f->key_path, &k, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "audit.key_mode");
	assert_null(k);
	assert_int_equal(chmod(f->key_path, 0600), 0);
	assert_int_equal(audit_key_load(f->key_path, &k, &ei), ERR_OK);
	assert_string_equal(audit_key_public(k), audit_key_public(f->key));
	audit_key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signature_is_over_the_documented_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic_signs_only_new_heads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_names_cut_regrown_and_forged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file_rules, setup, teardown),
	};

	return cmocka_run_group_tests_name("audit_checkpoint", tests, NULL, NULL);
}
