/*
 * auth_session.c - logging in, sessions, API tokens, login throttling.
 *
 * Login does the same argon2id work whether the user exists or not (a
 * dummy hash stands in), so neither the answer nor its timing tells which
 * usernames exist.  Five failures for a username within 15 minutes close
 * it for the rest of those 15 minutes (429), counted in the database so
 * every server process sees the same count; the closing is audited.
 * Sessions have an idle and an absolute expiry; their ids and API tokens
 * are stored only as SHA-256 hashes.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/stamp.h"
#include "domain/auth/auth_internal.h"

/* argon2id cost: 2 passes over 19 MiB (OWASP's minimum for argon2id),
 * ~40 ms here; raise it and logins rehash on their own. */
#define PW_OPSLIMIT	2
#define PW_MEMLIMIT	(19u * 1024 * 1024)

int64_t
auth_now(void)
{
	return (int64_t)time(NULL);
}

void
auth_secret(char out[AUTH_SECRET_CHARS])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_SECRET_CHARS, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
auth_sha256_hex(const char *s, char out[65])
{
	stamp_sha256_hex(s, strlen(s), out);
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	char pw[AUTH_SECRET_CHARS];

	auth_secret(pw);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), PW_OPSLIMIT,
	    PW_MEMLIMIT) != 0)
		dummy_hash[0] = '\0';
}

_Static_assert(crypto_pwhash_STRBYTES <= 128, "argon2id string length");

enum err
auth_password_hash(const char *password, char out[128], struct errinfo *ei)
{
	size_t n = strlen(password);

	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return err_set(ei, ERR_INVALID, "auth.bad_password", "password",
		    "mật khẩu phải dài từ %d đến %d byte",
		    "the password must be %d to %d bytes long",
		    AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	if (crypto_pwhash_str(out, password, n, PW_OPSLIMIT, PW_MEMLIMIT) != 0)
		return err_set(ei, ERR_SYS, "auth.hash", NULL,
		    "không đủ bộ nhớ để băm mật khẩu",
		    "not enough memory to hash the password");
	return ERR_OK;
}

bool
auth_password_verify(const char *stored, const char *password)
{
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

enum err
auth_principal_load(struct db *db, struct arena *a, int64_t user_id,
    struct principal *p, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_USER_BY_ID);
	int rc;

	memset(p, 0, sizeof(*p));
	db_bind_int(st, 1, user_id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 0 || db_col_int(st, 4) != 0)
		return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
		    "tài khoản không còn hiệu lực; hãy đăng nhập lại",
		    "the account is no longer active; sign in again");
	p->user_id = user_id;
	p->username = arena_strdup(a, db_col_text(st, 1));
	p->full_name = arena_strdup(a, db_col_text(st, 2));
	return auth_roles_load(db, a, user_id, p->roles, &p->nroles, ei);
}

enum err
auth_roles_load(struct db *db, struct arena *a, int64_t user_id,
    struct role_binding roles[AUTH_MAX_ROLES], size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_ROLES_OF);
	int rc = 0;

	*n = 0;
	db_bind_int(st, 1, user_id);
	while (*n < AUTH_MAX_ROLES && (rc = db_step(st, ei)) == 1) {
		int role = auth_role_from_name(db_col_text(st, 0));

		if (role < 0)
			continue;
		roles[*n].role = (enum role)role;
		roles[*n].structure = arena_strdup(a, db_col_text(st, 1));
		roles[*n].unit_code = arena_strdup(a, db_col_text(st, 2));
		(*n)++;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

void
auth_actor(const struct principal *p, const struct role_binding *b,
    struct audit_actor *out)
{
	memset(out, 0, sizeof(*out));
	if (p != NULL) {
		out->user_id = p->user_id;
		out->username = p->username;
	}
	if (b != NULL) {
		out->role = role_names[b->role];
		out->structure = b->structure;
		out->unit_code = b->unit_code;
	}
}

static enum err
bad_credentials(struct errinfo *ei)
{
	return err_set(ei, ERR_UNAUTH, "auth.bad_credentials", NULL,
	    "tên đăng nhập hoặc mật khẩu không đúng",
	    "wrong username or password");
}

/* Count, and on a failure record, the attempts within the window.  Runs
 * in the login transaction. */
static int64_t
failures(struct db *db, const char *username, int64_t now, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_FAILURE_COUNT);

	db_bind_text(st, 1, username);
	db_bind_int(st, 2, now - AUTH_THROTTLE_WINDOW_S);
	/* -1 on a database error: never read as "no failures". */
	return db_step(st, ei) == 1 ? db_col_int(st, 0) : -1;
}

static enum err
record_failure(struct db *db, const char *username, int64_t now,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_FAILURE_ADD);
	enum err e;

	db_bind_text(st, 1, username);
	db_bind_int(st, 2, now);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	if (failures(db, username, now, ei) == AUTH_THROTTLE_FAILS) {
		struct audit_actor who = { .username = username };

		return audit_record(db, &who, "auth.throttled", NULL, NULL,
		    json_pack("{s:i, s:i}", "failures", AUTH_THROTTLE_FAILS,
		    "window_minutes", AUTH_THROTTLE_WINDOW_S / 60), ei,
		    "login:%.64s", username);
	}
	return ERR_OK;
}

static enum err
session_create(struct db *db, struct principal *p,
    char session_id[AUTH_SECRET_CHARS], char csrf[AUTH_SECRET_CHARS],
    struct arena *a, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_SESSION_INSERT);
	char hash[65];
	int64_t now = auth_now();

	auth_secret(session_id);
	auth_secret(csrf);
	auth_sha256_hex(session_id, hash);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, p->user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now + AUTH_SESSION_MAX_S);
	p->csrf_token = arena_strdup(a, csrf);
	return db_exec(st, ei);
}

enum err
auth_login(struct db *db, struct arena *a, const char *username,
    const char *password, struct principal *out,
    char session_id[AUTH_SECRET_CHARS], char csrf[AUTH_SECRET_CHARS],
    struct errinfo *ei)
{
	struct db_stmt *st;
	char stored[crypto_pwhash_STRBYTES] = "";
	const char *name;
	int64_t id = 0, now = auth_now();
	bool known = false, ok;
	enum err e;
	int rc;

	if (sodium_init() < 0)
		return err_set(ei, ERR_SYS, "auth.sodium", NULL,
		    "không khởi tạo được thư viện mã hóa (libsodium)",
		    "cannot initialise the cryptography library (libsodium)");
	pthread_once(&dummy_once, dummy_init);
	if (auth_username_check(username, a, &name, NULL) != ERR_OK)
		name = "";
	/* Reads and the slow argon2id check happen before the write
	 * transaction, so a login never holds the write lock for its hash. */
	if (name[0] != '\0') {
		int64_t n = failures(db, name, now, ei);

		if (n < 0)
			return ei->err;
		if (n >= AUTH_THROTTLE_FAILS)
			return err_set(ei, ERR_RATE, "auth.throttled", "username",
			    "đăng nhập sai quá %d lần; hãy thử lại sau 15 phút",
			    "more than %d failed sign-ins; try again in 15 "
			    "minutes",
			    AUTH_THROTTLE_FAILS);
	}
	st = db_stmt(db, STMT_AUTH_USER_BY_NAME);
	db_bind_text(st, 1, name);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1 && db_col_int(st, 4) == 0) {
		known = true;
		id = db_col_int(st, 0);
		snprintf(stored, sizeof(stored), "%s", db_col_text(st, 3));
	}
	db_end_reads(db);
	/* The same work for every outcome. */
	ok = crypto_pwhash_str_verify(known ? stored : dummy_hash, password,
	    strlen(password)) == 0 && known;
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	if (!ok) {
		if (name[0] != '\0' &&
		    (e = record_failure(db, name, now, ei)) != ERR_OK) {
			db_rollback(db);
			return e;
		}
		if ((e = db_commit(db, ei)) != ERR_OK)
			return e;
		return bad_credentials(ei);
	}
	if (crypto_pwhash_str_needs_rehash(stored, PW_OPSLIMIT, PW_MEMLIMIT) != 0) {
		char fresh[crypto_pwhash_STRBYTES];

		if (auth_password_hash(password, fresh, NULL) == ERR_OK) {
			st = db_stmt(db, STMT_AUTH_USER_SET_PASSWORD);
			db_bind_text(st, 1, fresh);
			db_bind_int(st, 2, id);
			db_exec(st, NULL);
		}
	}
	st = db_stmt(db, STMT_AUTH_FAILURE_CLEAR);
	db_bind_text(st, 1, name);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = auth_principal_load(db, a, id, out, ei)) != ERR_OK ||
	    (e = session_create(db, out, session_id, csrf, a, ei)) != ERR_OK)
		goto fail;
	{
		struct audit_actor who;

		auth_actor(out, out->nroles ? &out->roles[0] : NULL, &who);
		if ((e = audit_record(db, &who, "session.create", NULL, NULL,
		    NULL, ei, "user:%lld", (long long)id)) != ERR_OK)
			goto fail;
	}
	/* Housekeeping rides on logins: old sessions and failures go. */
	st = db_stmt(db, STMT_AUTH_SESSION_PURGE);
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now - AUTH_SESSION_IDLE_S);
	db_exec(st, NULL);
	st = db_stmt(db, STMT_AUTH_FAILURE_PURGE);
	db_bind_int(st, 1, now - AUTH_THROTTLE_WINDOW_S);
	db_exec(st, NULL);
	return db_commit(db, ei);
fail:
	db_rollback(db);
	return e;
}

enum err
auth_session_get(struct db *db, struct arena *a, const char *session_id,
    struct principal *out, struct errinfo *ei)
{
	return auth_session_get_rw(db, db, a, session_id, out, ei);
}

enum err
auth_session_get_rw(struct db *db, struct db *wdb, struct arena *a,
    const char *session_id, struct principal *out, struct errinfo *ei)
{
	struct db_stmt *st;
	char hash[65], version[128];
	int64_t now = auth_now(), user_id, last_seen, expires;
	const char *csrf;
	enum err e;
	int rc;

	if (strlen(session_id) != AUTH_SECRET_CHARS - 1)
		return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
		    "phiên đăng nhập không hợp lệ; hãy đăng nhập lại",
		    "the session is not valid; sign in again");
	auth_sha256_hex(session_id, hash);
	/* Read first: a change committed after it makes the entry stored
	 * below stale at the next request, never current. */
	if ((rc = db_meta_get(db, AUTH_META_VERSION, version, sizeof(version),
	    ei)) < 0)
		return ei->err;
	if (rc == 0)
		memcpy(version, "0", 2);
	if (auth_cache_get(hash, version, now, a, out))
		return ERR_OK;
	st = db_stmt(db, STMT_AUTH_SESSION_GET);
	db_bind_text(st, 1, hash);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;	/* the database, not the session: 503 */
	if (rc == 0)
		return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
		    "phiên đăng nhập không còn; hãy đăng nhập lại",
		    "the session no longer exists; sign in again");
	user_id = db_col_int(st, 0);
	csrf = arena_strdup(a, db_col_text(st, 1));
	last_seen = db_col_int(st, 2);
	expires = db_col_int(st, 3);
	if (db_col_int(st, 4) != 0 || now >= expires ||
	    now - last_seen >= AUTH_SESSION_IDLE_S) {
		st = db_stmt(wdb, STMT_AUTH_SESSION_DELETE);
		db_bind_text(st, 1, hash);
		if (db_exec(st, NULL) == ERR_OK)
			(void)auth_version_bump(wdb, NULL);
		auth_cache_forget(hash);
		return err_set(ei, ERR_UNAUTH, "auth.session_expired", NULL,
		    "phiên đăng nhập đã hết hạn; hãy đăng nhập lại",
		    "the session has expired; sign in again");
	}
	if ((e = auth_principal_load(db, a, user_id, out, ei)) != ERR_OK)
		return e;
	out->csrf_token = csrf;
	/* Refresh the idle clock at most once a minute: not a write per
	 * request. */
	if (now - last_seen >= 60) {
		st = db_stmt(wdb, STMT_AUTH_SESSION_TOUCH);
		db_bind_int(st, 1, now);
		db_bind_text(st, 2, hash);
		if (db_exec(st, NULL) == ERR_OK)
			last_seen = now;
	}
	auth_cache_put(hash, version, last_seen, expires, out);
	return ERR_OK;
}

enum err
auth_session_end(struct db *db, const struct principal *p,
    const char *session_id, struct errinfo *ei)
{
	struct db_stmt *st;
	char hash[65];
	struct audit_actor who;
	enum err e;

	auth_sha256_hex(session_id, hash);
	auth_actor(p, p->nroles ? &p->roles[0] : NULL, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	auth_cache_forget(hash);
	st = db_stmt(db, STMT_AUTH_SESSION_DELETE);
	db_bind_text(st, 1, hash);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = auth_version_bump(db, ei)) != ERR_OK ||
	    (e = audit_record(db, &who, "session.end", NULL, NULL, NULL, ei,
	    "user:%lld", (long long)p->user_id)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, ei);
}

/* API tokens -------------------------------------------------------------- */

#define TOKEN_PREFIX "ntm_"

enum err
auth_token_create(struct db *db, const struct principal *p, const char *name,
    char token[AUTH_SECRET_CHARS + 8], int64_t *id, struct errinfo *ei)
{
	return auth_token_create_limited(db, p, name, NULL, token, id, ei);
}

enum err
auth_token_create_limited(struct db *db, const struct principal *p,
    const char *name, const struct token_limit *lim,
    char token[AUTH_SECRET_CHARS + 8], int64_t *id, struct errinfo *ei)
{
	struct db_stmt *st;
	char secret[AUTH_SECRET_CHARS], hash[65];
	struct audit_actor who;
	bool limited = lim != NULL && (lim->read_only || lim->structure);
	enum err e;

	if (name == NULL || name[0] == '\0' || strlen(name) > 100)
		return err_set(ei, ERR_INVALID, "tokens.bad_name", "name",
		    "tên khóa API phải có từ 1 đến 100 byte",
		    "the API token name must be 1 to 100 bytes long");
	if (limited && lim->structure != NULL &&
	    (e = auth_token_unit_check(db, p, lim->structure, lim->code,
	    ei)) != ERR_OK)
		return e;
	auth_secret(secret);
	snprintf(token, AUTH_SECRET_CHARS + 8, TOKEN_PREFIX "%s", secret);
	auth_sha256_hex(token, hash);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUTH_TOKEN_INSERT);
	db_bind_int(st, 1, p->user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, hash);
	db_bind_int(st, 4, auth_now());
	if (db_step(st, ei) != 1) {
		db_rollback(db);
		return ei->err ? ei->err : ERR_DB;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);
	if (limited) {
		st = db_stmt(db, STMT_AUTH_TOKEN_LIMIT_INSERT);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, lim->read_only);
		if (lim->structure != NULL) {
			db_bind_text(st, 3, lim->structure);
			db_bind_text(st, 4, lim->code);
		} else {
			db_bind_null(st, 3);
			db_bind_null(st, 4);
		}
		if ((e = db_exec(st, ei)) != ERR_OK) {
			db_rollback(db);
			return e;
		}
	}
	auth_actor(p, p->nroles ? &p->roles[0] : NULL, &who);
	if ((e = audit_record(db, &who, "token.create", limited ?
	    lim->structure : NULL, limited ? lim->code : NULL, limited ?
	    json_pack("{s:b}", "read_only", lim->read_only) : NULL, ei,
	    "token:%lld", (long long)*id)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, ei);
}

enum err
auth_token_get(struct db *db, struct arena *a, const char *token,
    struct principal *out, struct errinfo *ei)
{
	return auth_token_get_rw(db, db, a, token, out, ei);
}

enum err
auth_token_get_rw(struct db *db, struct db *wdb, struct arena *a,
    const char *token, struct principal *out, struct errinfo *ei)
{
	struct db_stmt *st;
	char hash[65];
	int64_t id, user_id, last_used;
	int rc;

	auth_sha256_hex(token, hash);
	st = db_stmt(db, STMT_AUTH_TOKEN_BY_HASH);
	db_bind_text(st, 1, hash);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;	/* the database, not the token: 503 */
	if (strncmp(token, TOKEN_PREFIX, 4) != 0 || rc != 1 ||
	    !db_col_null(st, 2) || db_col_int(st, 3) != 0)
		return err_set(ei, ERR_UNAUTH, "auth.bad_token", NULL,
		    "khóa API không hợp lệ hoặc đã bị thu hồi",
		    "the API token is not valid or was revoked");
	id = db_col_int(st, 0);
	user_id = db_col_int(st, 1);
	last_used = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	if (auth_principal_load(db, a, user_id, out, ei) != ERR_OK)
		return ei->err == ERR_UNAUTH ? err_set(ei, ERR_UNAUTH,
		    "auth.bad_token", NULL,
		    "khóa API không hợp lệ hoặc đã bị thu hồi",
		    "the API token is not valid or was revoked") : ei->err;
	out->via_token = true;
	out->read_only = db_col_int(st, 5) != 0;
	if (!db_col_null(st, 6))
		auth_token_narrow(db, a, out, db_col_text(st, 6),
		    db_col_text(st, 7));
	/* "Last used" to the minute: not a durable write per API call. */
	if (auth_now() - last_used >= 60) {
		st = db_stmt(wdb, STMT_AUTH_TOKEN_TOUCH);
		db_bind_int(st, 1, auth_now());
		db_bind_int(st, 2, id);
		db_exec(st, NULL);
	}
	return ERR_OK;
}

enum err
auth_token_revoke(struct db *db, const struct principal *p, int64_t id,
    struct errinfo *ei)
{
	struct db_stmt *st;
	struct audit_actor who;
	bool admin = false;
	enum err e;

	for (size_t i = 0; i < p->nroles; i++)
		admin = admin || p->roles[i].role == ROLE_ADMIN;
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUTH_TOKEN_OWNER);
	db_bind_int(st, 1, id);
	if (db_step(st, NULL) != 1 || (!admin && db_col_int(st, 0) != p->user_id)) {
		db_rollback(db);
		return err_set(ei, ERR_NOTFOUND, "tokens.not_found", "id",
		    "không có khóa API %lld của bạn",
		    "you have no API token %lld", (long long)id);
	}
	db_end_reads(db);
	st = db_stmt(db, STMT_AUTH_TOKEN_REVOKE);
	db_bind_int(st, 1, auth_now());
	db_bind_int(st, 2, id);
	auth_actor(p, p->nroles ? &p->roles[0] : NULL, &who);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = audit_record(db, &who, "token.revoke", NULL, NULL, NULL, ei,
	    "token:%lld", (long long)id)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, ei);
}

enum err
auth_token_list(struct db *db, struct arena *a, const struct principal *p,
    struct token_info **out, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_TOKEN_LIST);
	size_t cap = 16;
	int rc;

	*out = arena_alloc(a, sizeof(**out) * cap);
	*n = 0;
	db_bind_int(st, 1, p->user_id);
	while ((rc = db_step(st, ei)) == 1) {
		struct token_info *t;

		if (*n == cap) {
			struct token_info *bigger = arena_alloc(a, sizeof(**out) * cap * 2);

			memcpy(bigger, *out, sizeof(**out) * cap);
			*out = bigger;
			cap *= 2;
		}
		t = &(*out)[(*n)++];
		t->id = db_col_int(st, 0);
		t->name = arena_strdup(a, db_col_text(st, 1));
		t->created_at = db_col_int(st, 2);
		t->last_used_at = db_col_int(st, 3);
		t->revoked_at = db_col_int(st, 4);
		t->read_only = db_col_int(st, 5) != 0;
		t->structure = db_col_null(st, 6) ? NULL :
		    arena_strdup(a, db_col_text(st, 6));
		t->code = db_col_null(st, 7) ? NULL :
		    arena_strdup(a, db_col_text(st, 7));
	}
	return rc < 0 ? ei->err : ERR_OK;
}
