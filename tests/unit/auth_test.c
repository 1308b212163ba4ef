/*
 * auth_test.c - accounts over a real database with the national units
 * (data/admin, loaded once per run): password hashing and login, the same
 * error for unknown users and wrong passwords, throttling, session and
 * API-token secrets, the scope rule across both structures, who may grant
 * which role where, and the audit entries every write leaves.
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

#include "domain/audit/audit.h"
#include "domain/auth/auth.h"
#include "domain/auth/auth_internal.h"
#include "domain/units/units.h"
#include "testdb.h"

static char dir[64];
static struct db *db;
static struct arena *a;

static int
setup_all(void **state)
{
	struct units_import_stats st = { 0 };
	struct errinfo ei;
	int64_t id;

	(void)state;
	if (testdb_open("auth-test", dir, NULL, &db) != 0)
		return -1;
	if (db_begin(db, &ei) != ERR_OK ||
	    units_import_national(db, "data/admin", &st, &ei) != ERR_OK ||
	    units_import_file(db, "data/demo/villages.csv", &st, &ei) != ERR_OK ||
	    db_commit(db, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s\n", ei.message);
		return -1;
	}
	a = arena_new(64 * 1024);
	/* The accounts the tests act as. */
	if (auth_user_create(db, NULL, "hanoi", "Hà Nội", "password-1", ROLE_PROVINCE_OFFICER,
	    "2025", "01", &id, &ei) != ERR_OK ||
	    auth_user_create(db, NULL, "socson", "Sóc Sơn", "password-2", ROLE_COMMUNE_OFFICER,
	    "2025", "00376", &id, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s\n", ei.message);
		return -1;
	}
	return 0;
}

static int
teardown_all(void **state)
{
	(void)state;
	arena_free(a);
	return testdb_remove(db, dir);
}

static void
login_as(const char *user, const char *pw, struct principal *p)
{
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS];
	struct errinfo ei;

	if (auth_login(db, a, user, pw, p, sid, csrf, &ei) != ERR_OK)
		fail_msg("login %s: %s", user, ei.message);
}

static void
test_secrets_are_random_base64url(void **state)
{
	char s1[AUTH_SECRET_CHARS], s2[AUTH_SECRET_CHARS], h[65];

	(void)state;
	auth_secret(s1);
	auth_secret(s2);
	assert_int_equal(strlen(s1), 43);	/* 256 bits */
	assert_string_not_equal(s1, s2);
	for (size_t i = 0; i < 43; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", s1[i]));
	auth_sha256_hex("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_password_stored_as_argon2id_and_checked(void **state)
{
	struct db_stmt *st;
	struct principal p;
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS];
	struct errinfo e1, e2;

	(void)state;
	st = db_stmt(db, STMT_AUTH_USER_BY_NAME);
	db_bind_text(st, 1, "hanoi");
	assert_int_equal(db_step(st, NULL), 1);
	assert_true(strncmp(db_col_text(st, 3), "$argon2id$", 10) == 0);
	assert_null(strstr(db_col_text(st, 3), "password-1"));
	db_end_reads(db);
	login_as("HaNoi", "password-1", &p);	/* usernames ignore case */
	assert_string_equal(p.username, "hanoi");
	assert_int_equal(p.nroles, 1);
	assert_int_equal(p.roles[0].role, ROLE_PROVINCE_OFFICER);
	/* A wrong password and an unknown user look the same. */
	assert_int_equal(auth_login(db, a, "hanoi", "wrong-pass", &p, sid, csrf,
	    &e1), ERR_UNAUTH);
	assert_int_equal(auth_login(db, a, "nobody", "wrong-pass", &p, sid, csrf,
	    &e2), ERR_UNAUTH);
	assert_string_equal(e1.code, "auth.bad_credentials");
	assert_string_equal(e1.code, e2.code);
	assert_string_equal(e1.message, e2.message);
	assert_string_equal(e1.message_en, e2.message_en);
	assert_string_equal(e1.message_en, "wrong username or password");
}

static void
test_throttle_after_five_failures(void **state)
{
	struct principal p;
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS];
	struct errinfo ei;
	int64_t checked, bad;

	(void)state;
	assert_int_equal(auth_user_create(db, NULL, "victim", "V", "password-3",
	    ROLE_PRODUCER, "2025", "00376", &(int64_t){0}, &ei), ERR_OK);
	for (int i = 0; i < AUTH_THROTTLE_FAILS; i++)
		assert_int_equal(auth_login(db, a, "victim", "nope-nope", &p, sid,
		    csrf, &ei), ERR_UNAUTH);
	/* Now even the right password is refused, with 429. */
	assert_int_equal(auth_login(db, a, "victim", "password-3", &p, sid, csrf,
	    &ei), ERR_RATE);
	assert_string_equal(ei.code, "auth.throttled");
	/* Another username is not affected. */
	login_as("socson", "password-2", &p);
	assert_int_equal(audit_verify(db, &checked, &bad, &ei), ERR_OK);
}

static void
test_session_and_expiry(void **state)
{
	struct principal p, q;
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS], hash[65];
	struct errinfo ei;
	char sql[256];

	(void)state;
	assert_int_equal(auth_login(db, a, "socson", "password-2", &p, sid, csrf,
	    &ei), ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_OK);
	assert_string_equal(q.username, "socson");
	assert_string_equal(q.csrf_token, csrf);
	/* Idle too long: gone. */
	auth_sha256_hex(sid, hash);
	snprintf(sql, sizeof(sql), "UPDATE user_session SET last_seen = 0 "
	    "WHERE id_hash = '%s'", hash);
	assert_int_equal(db_exec_script(db, sql, &ei), ERR_OK);
	/* (a write that changes a session bumps the version the
	 * per-process session cache compares, as the domain's writes do) */
	assert_int_equal(auth_version_bump(db, &ei), ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_UNAUTH);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_UNAUTH);
	/* Ended explicitly. */
	assert_int_equal(auth_login(db, a, "socson", "password-2", &p, sid, csrf,
	    &ei), ERR_OK);
	assert_int_equal(auth_session_end(db, &p, sid, &ei), ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_UNAUTH);
}

/* The per-process session cache (auth_cache.c) answers a session again
 * only while nothing that changes what it is allowed has been written. */
static void
test_session_cache_follows_writes(void **state)
{
	struct principal admin, p, q;
	char sid[AUTH_SECRET_CHARS], csrf[AUTH_SECRET_CHARS];
	struct errinfo ei;
	int64_t id;

	(void)state;
	assert_int_equal(auth_user_create(db, NULL, "cache-admin", "Quản trị",
	    "password-7", ROLE_ADMIN, "2025", "VN", &id, &ei), ERR_OK);
	login_as("cache-admin", "password-7", &admin);
	assert_int_equal(auth_user_create(db, NULL, "cached", "Cán bộ xã",
	    "password-8", ROLE_COMMUNE_OFFICER, "2025", "00376", &id, &ei),
	    ERR_OK);
	assert_int_equal(auth_login(db, a, "cached", "password-8", &p, sid,
	    csrf, &ei), ERR_OK);
	/* twice: the second from the cache, the same principal */
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_OK);
	assert_int_equal(q.nroles, 1);
	assert_string_equal(q.csrf_token, csrf);
	/* a role granted shows at the next request */
	assert_int_equal(auth_user_grant(db, &admin, id, ROLE_VILLAGE_OFFICER,
	    "2025", "00376-01", &ei), ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_OK);
	assert_int_equal(q.nroles, 2);
	/* a disabled account has no session at the next request */
	assert_int_equal(auth_user_set_disabled(db, &admin, id, true, &ei),
	    ERR_OK);
	assert_int_equal(auth_session_get(db, a, sid, &q, &ei), ERR_UNAUTH);
}

static void
test_tokens_hashed_and_revocable(void **state)
{
	struct principal p, q;
	char token[AUTH_SECRET_CHARS + 8], hash[65];
	struct errinfo ei;
	struct db_stmt *st;
	int64_t id;

	(void)state;
	login_as("socson", "password-2", &p);
	assert_int_equal(auth_token_create(db, &p, "báo cáo", token, &id, &ei), ERR_OK);
	assert_true(strncmp(token, "ntm_", 4) == 0);
	/* Only the hash is stored. */
	auth_sha256_hex(token, hash);
	st = db_stmt(db, STMT_AUTH_TOKEN_BY_HASH);
	db_bind_text(st, 1, hash);
	assert_int_equal(db_step(st, NULL), 1);
	db_end_reads(db);
	assert_int_equal(auth_token_get(db, a, token, &q, &ei), ERR_OK);
	assert_true(q.via_token);
	assert_null(q.csrf_token);
	assert_int_equal(auth_token_revoke(db, &p, id, &ei), ERR_OK);
	assert_int_equal(auth_token_get(db, a, token, &q, &ei), ERR_UNAUTH);
	assert_string_equal(ei.code, "auth.bad_token");
	assert_int_equal(auth_token_get(db, a, "ntm_bogus", &q, &ei), ERR_UNAUTH);
}

static void
test_scope_within_a_structure(void **state)
{
	(void)state;
	assert_true(auth_unit_in_scope(db, "2025", "01", "2025", "01"));
	assert_true(auth_unit_in_scope(db, "2025", "01", "2025", "00376"));
	assert_true(auth_unit_in_scope(db, "2025", "01", "2025", "00376-01"));
	assert_false(auth_unit_in_scope(db, "2025", "01", "2025", "20308"));
	assert_false(auth_unit_in_scope(db, "2025", "00376", "2025", "01"));
	assert_false(auth_unit_in_scope(db, "2025", "00376", "2025", "00004"));
	assert_true(auth_unit_in_scope(db, "2025", "VN", "pre2025", "00004"));
	assert_false(auth_unit_in_scope(db, "2025", "01", "2025", "nope"));
}

static void
test_scope_across_structures(void **state)
{
	(void)state;
	/* Old Phường Trúc Bạch (pre2025 00004) went into 2025 Phường Ba Đình
	 * (00004) of Hà Nội. */
	assert_true(auth_unit_in_scope(db, "2025", "01", "pre2025", "00004"));
	assert_true(auth_unit_in_scope(db, "2025", "00004", "pre2025", "00004"));
	assert_false(auth_unit_in_scope(db, "2025", "48", "pre2025", "00004"));
	/* The old district Sóc Sơn (016) covers new Xã Sóc Sơn, formed only
	 * from its communes... */
	assert_true(auth_unit_in_scope(db, "pre2025", "016", "2025", "00376"));
	/* ...but old Quận Ba Đình does not cover new Phường Ba Đình, which
	 * also took parts of Hoàn Kiếm and Tây Hồ... */
	assert_false(auth_unit_in_scope(db, "pre2025", "001", "2025", "00004"));
	/* ...and a new commune does not cover an old district. */
	assert_false(auth_unit_in_scope(db, "2025", "00004", "pre2025", "001"));
	assert_false(auth_unit_in_scope(db, "2025", "00376", "pre2025", "016"));
	/* Provinces map whole: old Hà Nội covers new Hà Nội and its communes. */
	assert_true(auth_unit_in_scope(db, "pre2025", "01", "2025", "01"));
	assert_true(auth_unit_in_scope(db, "pre2025", "01", "2025", "00376"));
	/* Old Quảng Nam (49) merged into new Đà Nẵng (48): new Đà Nẵng covers
	 * it... */
	assert_true(auth_unit_in_scope(db, "2025", "48", "pre2025", "49"));
	assert_false(auth_unit_in_scope(db, "2025", "01", "pre2025", "49"));
	/* ...but old Quảng Nam does not cover new Đà Nẵng, nor Xã Bà Nà
	 * (formed from old Đà Nẵng communes only). */
	assert_false(auth_unit_in_scope(db, "pre2025", "49", "2025", "48"));
	assert_false(auth_unit_in_scope(db, "pre2025", "49", "2025", "20308"));
	assert_true(auth_unit_in_scope(db, "pre2025", "48", "2025", "20308"));
}

static void
test_grant_rules(void **state)
{
	struct principal prov, comm;
	struct errinfo ei;
	int64_t id;

	(void)state;
	login_as("hanoi", "password-1", &prov);
	login_as("socson", "password-2", &comm);
	/* A province officer: below it, inside it. */
	assert_int_equal(auth_can_grant(db, &prov, ROLE_COMMUNE_OFFICER, "2025",
	    "00376", &ei), ERR_OK);
	assert_int_equal(auth_can_grant(db, &prov, ROLE_COMMUNE_OFFICER, "2025",
	    "20308", &ei), ERR_FORBIDDEN);
	assert_int_equal(auth_can_grant(db, &prov, ROLE_ADMIN, "2025", "VN", &ei),
	    ERR_FORBIDDEN);
	assert_int_equal(auth_can_grant(db, &prov, ROLE_PROVINCE_OFFICER, "2025",
	    "01", &ei), ERR_FORBIDDEN);
	/* A commune officer: village officers and producers only. */
	assert_int_equal(auth_can_grant(db, &comm, ROLE_VILLAGE_OFFICER, "2025",
	    "00376-01", &ei), ERR_OK);
	assert_int_equal(auth_can_grant(db, &comm, ROLE_APPRAISER, "2025",
	    "00376", &ei), ERR_FORBIDDEN);
	/* The role must fit the unit's level. */
	assert_int_equal(auth_user_create(db, &prov, "wrong-level", "X",
	    "password-9", ROLE_COMMUNE_OFFICER, "2025", "01", &id, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "unit");
	/* A refused create writes nothing. */
	assert_int_equal(auth_user_create(db, &prov, "outsider", "X",
	    "password-9", ROLE_COMMUNE_OFFICER, "2025", "20308", &id, &ei),
	    ERR_FORBIDDEN);
	{
		struct db_stmt *st = db_stmt(db, STMT_AUTH_USER_ID_BY_NAME);

		db_bind_text(st, 1, "outsider");
		assert_int_equal(db_step(st, NULL), 0);
	}
	/* Allowed, audited under the acting binding. */
	assert_int_equal(auth_user_create(db, &comm, "thon1x", "Thôn 1",
	    "password-9", ROLE_VILLAGE_OFFICER, "2025", "00376-01", &id, &ei),
	    ERR_OK);
	/* The commune officer may not disable its province officer. */
	assert_int_equal(auth_can_manage(db, &comm, prov.user_id, &ei),
	    ERR_FORBIDDEN);
	assert_int_equal(auth_user_set_disabled(db, &prov, id, true, &ei), ERR_OK);
}

static void
test_every_write_is_audited_and_chain_holds(void **state)
{
	struct audit_query q = { .limit = 500 };
	struct audit_list l;
	struct errinfo ei;
	int64_t checked = 0, bad = 0;
	bool saw_create = false, saw_disable = false, saw_token = false;

	(void)state;
	assert_int_equal(audit_list(db, a, &q, &l, &ei), ERR_OK);
	for (size_t i = 0; i < l.n; i++) {
		saw_create |= strcmp(l.items[i].action, "user.create") == 0;
		saw_disable |= strcmp(l.items[i].action, "user.disable") == 0;
		saw_token |= strcmp(l.items[i].action, "token.revoke") == 0;
	}
	assert_true(saw_create && saw_disable && saw_token);
	assert_int_equal(audit_verify(db, &checked, &bad, &ei), ERR_OK);
	assert_int_equal(checked, l.total);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets_are_random_base64url),
		cmocka_unit_test(test_password_stored_as_argon2id_and_checked),
		cmocka_unit_test(test_throttle_after_five_failures),
		cmocka_unit_test(test_session_and_expiry),
		cmocka_unit_test(test_session_cache_follows_writes),
		cmocka_unit_test(test_tokens_hashed_and_revocable),
		cmocka_unit_test(test_scope_within_a_structure),
		cmocka_unit_test(test_scope_across_structures),
		cmocka_unit_test(test_grant_rules),
		cmocka_unit_test(test_every_write_is_audited_and_chain_holds),
	};

	return cmocka_run_group_tests_name("auth", tests, setup_all, teardown_all);
}
