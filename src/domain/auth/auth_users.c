/*
 * auth_users.c - accounts: creating them, granting roles, disabling,
 * listing, changing one's password, and the rule of who may grant what.
 *
 * Who may grant a role at a unit (auth_can_grant): an admin anything; a
 * coordinator anything but admin; a province officer the roles below it
 * (commune and village officers, appraisers, OCOP evaluators, producers)
 * inside its province; a commune officer village officers and producers
 * inside its commune.  Each role also belongs at a level (a commune
 * officer at a commune...).  Managing an existing account needs the right
 * to grant every role it holds.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/stamp.h"
#include "domain/auth/auth_internal.h"
#include "domain/units/units.h"

#define FULL_NAME_MAX 200

/* The levels a role may be bound at. */
/* An appraiser may sit at a pre-2025 district: the 2021-2025 procedure
 * has the district appraise a commune's dossier. */
static const char *const role_levels[ROLE__MAX][4] = {
	[ROLE_ADMIN] = { "country", NULL, NULL },
	[ROLE_COORDINATOR] = { "country", NULL, NULL },
	[ROLE_PROVINCE_OFFICER] = { "province", NULL, NULL },
	[ROLE_COMMUNE_OFFICER] = { "commune", NULL, NULL },
	[ROLE_VILLAGE_OFFICER] = { "village", NULL, NULL },
	[ROLE_APPRAISER] = { "province", "district", "commune", NULL },
	[ROLE_OCOP_EVALUATOR] = { "province", "commune", NULL },
	[ROLE_PRODUCER] = { "commune", "village", NULL },
	[ROLE_BUYER] = { "country", NULL, NULL },
};

/* What each granting role may grant. */
static const unsigned grantable[ROLE__MAX] = {
	[ROLE_ADMIN] = ROLES_ALL,
	[ROLE_COORDINATOR] = ROLES_ALL & ~ROLE_BIT(ROLE_ADMIN),
	[ROLE_PROVINCE_OFFICER] = ROLE_BIT(ROLE_COMMUNE_OFFICER) |
	    ROLE_BIT(ROLE_VILLAGE_OFFICER) | ROLE_BIT(ROLE_APPRAISER) |
	    ROLE_BIT(ROLE_OCOP_EVALUATOR) | ROLE_BIT(ROLE_PRODUCER),
	[ROLE_COMMUNE_OFFICER] = ROLE_BIT(ROLE_VILLAGE_OFFICER) |
	    ROLE_BIT(ROLE_PRODUCER),
};

enum err
auth_username_check(const char *raw, struct arena *a, const char **out,
    struct errinfo *ei)
{
	size_t n = raw ? strlen(raw) : 0;
	char *s;

	if (n < 3 || n > AUTH_USERNAME_MAX)
		return err_set(ei, ERR_INVALID, "users.bad_username", "username",
		    "tên đăng nhập dài từ 3 đến %d ký tự",
		    "the username must be 3 to %d characters long",
		    AUTH_USERNAME_MAX);
	s = arena_strndup(a, raw, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			s[i] = (char)(c - 'A' + 'a');
		else if (!(isdigit(c) || (c >= 'a' && c <= 'z') || c == '.' ||
		    c == '_' || c == '-'))
			return err_set(ei, ERR_INVALID, "users.bad_username",
			    "username", "tên đăng nhập chỉ gồm chữ không dấu, số, "
			    "'.', '_', '-'",
			    "the username may hold only unaccented letters, "
			    "digits, '.', '_', '-'");
	}
	*out = s;
	return ERR_OK;
}

static bool
level_allowed(enum role role, const char *level)
{
	for (int i = 0; i < 4 && role_levels[role][i] != NULL; i++)
		if (strcmp(level, role_levels[role][i]) == 0)
			return true;
	return false;
}

/* The levels role may be bound at, joined by sep ("province or district"). */
static void
levels_join(enum role role, const char *sep, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < 4 && role_levels[role][i] != NULL && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i > 0 ? sep : "",
		    role_levels[role][i]);
}

static enum err
check_level(struct db *db, struct arena *a, enum role role,
    const char *structure, const char *code, struct errinfo *ei)
{
	struct unit u;
	char vi[64], en[64];

	if (units_get(db, a, structure, code, &u, ei) != ERR_OK)
		return err_set(ei, ERR_INVALID, "users.bad_unit", "unit",
		    "không có đơn vị %.20s:%.20s",
		    "there is no unit %.20s:%.20s", structure ? structure : "",
		    code ? code : "");
	if (level_allowed(role, u.level))
		return ERR_OK;
	levels_join(role, " hoặc ", vi, sizeof(vi));
	levels_join(role, " or ", en, sizeof(en));
	return err_set(ei, ERR_INVALID, "users.bad_unit", "unit",
	    "vai trò %s phải gắn với đơn vị cấp %s%.0s, không phải %s",
	    "the role %s must be bound to a unit at level %.0s%s, not %s",
	    role_names[role], vi, en, u.level);
}

unsigned
auth_grantable_roles(const struct principal *p)
{
	unsigned mask = 0;

	for (size_t i = 0; p != NULL && i < p->nroles; i++)
		mask |= grantable[p->roles[i].role];
	return mask;
}

enum err
auth_can_grant(struct db *db, const struct principal *actor, enum role role,
    const char *structure, const char *code, struct errinfo *ei)
{
	if (actor == NULL)
		return ERR_OK;	/* the command line: the machine's operator */
	for (size_t i = 0; i < actor->nroles; i++) {
		const struct role_binding *b = &actor->roles[i];

		if (!(grantable[b->role] & ROLE_BIT(role)))
			continue;
		if (auth_unit_in_scope(db, b->structure, b->unit_code, structure,
		    code))
			return ERR_OK;
	}
	return err_set(ei, ERR_FORBIDDEN, "auth.forbidden", "unit",
	    "bạn không được cấp vai trò %s tại đơn vị %.20s:%.20s",
	    "you may not grant the role %s at unit %.20s:%.20s",
	    role_names[role], structure, code);
}

static enum err
grant(struct db *db, struct arena *a, const struct principal *actor,
    int64_t user_id, const char *username, enum role role,
    const char *structure, const char *code, const char *action,
    struct errinfo *ei)
{
	struct db_stmt *st;
	struct audit_actor who;
	enum err e;

	if ((e = check_level(db, a, role, structure, code, ei)) != ERR_OK ||
	    (e = auth_can_grant(db, actor, role, structure, code, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUTH_ROLE_EXISTS);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, role_names[role]);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	if (db_step(st, NULL) == 1)
		return err_set(ei, ERR_CONFLICT, "users.role_exists", "role",
		    "tài khoản đã có vai trò này tại đơn vị này",
		    "the account already holds this role at this unit");
	st = db_stmt(db, STMT_AUTH_ROLE_INSERT);
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, role_names[role]);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, code);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = auth_version_bump(db, ei)) != ERR_OK)
		return e;
	auth_actor(actor, actor ? auth_acting_binding(db, actor, ROLES_ALL,
	    structure, code) : NULL, &who);
	return audit_record(db, &who, action, structure, code, json_pack(
	    "{s:s, s:s, s:s++}", "username", username, "role", role_names[role],
	    "unit", structure, ":", code), ei, "user:%lld", (long long)user_id);
}

/* grant(), then commit the caller's transaction, or roll it back on any
 * error: the end of a user creation and of a grant alike. */
static enum err
grant_commit(struct db *db, struct arena *a, const struct principal *actor,
    int64_t user_id, const char *username, enum role role,
    const char *structure, const char *code, const char *action,
    struct errinfo *ei)
{
	enum err e = grant(db, a, actor, user_id, username, role, structure,
	    code, action, ei);

	if (e != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, ei);
}

/* The checks every new account passes, before its password is hashed. */
static enum err
create_checks(struct db *db, struct arena *a, const struct principal *actor,
    const char *username, const char *full_name, enum role role,
    const char *structure, const char *code, const char **name,
    struct errinfo *ei)
{
	enum err e;

	if ((e = auth_username_check(username, a, name, ei)) != ERR_OK)
		return e;
	if (full_name == NULL || full_name[0] == '\0' ||
	    strlen(full_name) > FULL_NAME_MAX)
		return err_set(ei, ERR_INVALID, "users.bad_full_name",
		    "full_name", "họ tên phải có từ 1 đến %d byte",
		    "the full name must be 1 to %d bytes long", FULL_NAME_MAX);
	if ((e = check_level(db, a, role, structure, code, ei)) != ERR_OK)
		return e;
	return auth_can_grant(db, actor, role, structure, code, ei);
}

/* The account's row and its binding, in one transaction. */
static enum err
insert_user(struct db *db, struct arena *a, const struct principal *actor,
    const char *name, const char *full_name, const char *hash,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei)
{
	struct db_stmt *st;
	char now[32];
	enum err e;

	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUTH_USER_ID_BY_NAME);
	db_bind_text(st, 1, name);
	if (db_step(st, NULL) == 1) {
		db_rollback(db);
		return err_set(ei, ERR_CONFLICT, "users.username_taken",
		    "username", "tên đăng nhập '%s' đã có người dùng",
		    "the username '%s' is already taken", name);
	}
	stamp_now(now);
	st = db_stmt(db, STMT_AUTH_USER_INSERT);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, full_name);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, now);
	if (actor != NULL)
		db_bind_int(st, 5, actor->user_id);
	else
		db_bind_null(st, 5);
	if (db_step(st, ei) != 1) {
		db_rollback(db);
		return ei->err ? ei->err : ERR_DB;
	}
	*id = db_col_int(st, 0);
	db_end_reads(db);
	return grant_commit(db, a, actor, *id, name, role, structure, code,
	    "user.create", ei);
}

/* A new account with its password (hashed here, after the checks: the
 * hash is the costly part) or with a hash made by the caller. */
static enum err
create(struct db *db, const struct principal *actor, const char *username,
    const char *full_name, const char *password, const char *hash,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const char *name;
	char made[128];
	enum err e;

	e = create_checks(db, a, actor, username, full_name, role, structure,
	    code, &name, ei);
	/* The checks' reads end before the hash (a third of a second): a
	 * snapshot held over it, once another request has committed, makes
	 * SQLite refuse the insert's BEGIN IMMEDIATE at once (db_done). */
	db_end_reads(db);
	if (e == ERR_OK && hash == NULL &&
	    (e = auth_password_hash(password, made, ei)) == ERR_OK)
		hash = made;
	if (e == ERR_OK)
		e = insert_user(db, a, actor, name, full_name, hash, role,
		    structure, code, id, ei);
	arena_free(a);
	return e;
}

enum err
auth_user_create(struct db *db, const struct principal *actor,
    const char *username, const char *full_name, const char *password,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei)
{
	return create(db, actor, username, full_name, password, NULL, role,
	    structure, code, id, ei);
}

enum err
auth_user_create_hashed(struct db *db, const struct principal *actor,
    const char *username, const char *full_name, const char *hash,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei)
{
	return create(db, actor, username, full_name, NULL, hash, role,
	    structure, code, id, ei);
}

enum err
auth_user_grant(struct db *db, const struct principal *actor, int64_t user_id,
    enum role role, const char *structure, const char *code,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct user_info u;
	enum err e;

	if ((e = auth_user_get(db, a, user_id, &u, ei)) == ERR_OK &&
	    (e = db_begin(db, ei)) == ERR_OK)
		e = grant_commit(db, a, actor, user_id, u.username, role,
		    structure, code, "user.grant", ei);
	arena_free(a);
	return e;
}

enum err
auth_user_get(struct db *db, struct arena *a, int64_t id,
    struct user_info *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_USER_BY_ID);
	int rc;

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "users.not_found", "id",
		    "không có tài khoản %lld",
		    "there is no account %lld", (long long)id);
	out->id = id;
	out->username = arena_strdup(a, db_col_text(st, 1));
	out->full_name = arena_strdup(a, db_col_text(st, 2));
	out->disabled = db_col_int(st, 4) != 0;
	out->created_at = arena_strdup(a, db_col_text(st, 5));
	return auth_roles_load(db, a, id, out->roles, &out->nroles, ei);
}

enum err
auth_can_manage(struct db *db, const struct principal *actor, int64_t id,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct user_info u;
	enum err e;

	if ((e = auth_user_get(db, a, id, &u, ei)) != ERR_OK)
		goto out;
	if (actor != NULL && actor->user_id == id) {
		e = err_set(ei, ERR_CONFLICT, "users.self", "id",
		    "không thể tự khóa tài khoản của mình",
		    "you cannot disable your own account");
		goto out;
	}
	for (size_t i = 0; i < u.nroles; i++)
		if ((e = auth_can_grant(db, actor, u.roles[i].role,
		    u.roles[i].structure, u.roles[i].unit_code, ei)) != ERR_OK) {
			e = err_set(ei, ERR_FORBIDDEN, "auth.forbidden", "id",
			    "tài khoản %s nằm ngoài phạm vi quản lý của bạn",
			    "the account %s is outside the scope you manage",
			    u.username);
			goto out;
		}
out:
	arena_free(a);
	return e;
}

enum err
auth_user_set_disabled(struct db *db, const struct principal *actor,
    int64_t id, bool disabled, struct errinfo *ei)
{
	struct db_stmt *st;
	struct audit_actor who;
	struct arena *a;
	struct user_info u;
	char obj[64];
	struct audit_event ev = { .action = disabled ? "user.disable" :
	    "user.enable", .object = obj };
	json_t *before = NULL, *after = NULL;
	enum err e;

	if ((e = auth_can_manage(db, actor, id, ei)) != ERR_OK)
		return e;
	a = arena_new(4096);
	if ((e = auth_user_get(db, a, id, &u, ei)) != ERR_OK)
		goto out;
	snprintf(obj, sizeof(obj), "user:%lld", (long long)id);
	ev.before = before = json_pack("{s:b}", "disabled", u.disabled);
	ev.after = after = json_pack("{s:b}", "disabled", disabled);
	if (u.nroles > 0) {
		ev.structure = u.roles[0].structure;
		ev.unit_code = u.roles[0].unit_code;
	}
	auth_actor(actor, actor ? auth_acting_binding(db, actor, ROLES_ALL,
	    ev.structure, ev.unit_code) : NULL, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_AUTH_USER_SET_DISABLED);
	db_bind_int(st, 1, disabled);
	db_bind_int(st, 2, id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto fail;
	if (disabled) {	/* a disabled account keeps no session */
		st = db_stmt(db, STMT_AUTH_SESSION_DELETE_USER);
		db_bind_int(st, 1, id);
		if ((e = db_exec(st, ei)) != ERR_OK)
			goto fail;
	}
	if ((e = auth_version_bump(db, ei)) != ERR_OK)
		goto fail;
	if ((e = audit_append(db, &who, &ev, ei)) != ERR_OK)
		goto fail;
	e = db_commit(db, ei);
	goto out;
fail:
	db_rollback(db);
out:
	json_decref(before);
	json_decref(after);
	arena_free(a);
	return e;
}

/* Does any of the user's bindings fall inside actor's scope? */
static bool
visible_to(struct db *db, const struct principal *actor,
    const struct user_info *u)
{
	for (size_t i = 0; i < actor->nroles; i++) {
		const struct role_binding *b = &actor->roles[i];

		if (b->role == ROLE_ADMIN || b->role == ROLE_COORDINATOR)
			return true;
		if (grantable[b->role] == 0)
			continue;
		if (u->id == actor->user_id)
			return true;
		for (size_t k = 0; k < u->nroles; k++)
			if (auth_unit_in_scope(db, b->structure, b->unit_code,
			    u->roles[k].structure, u->roles[k].unit_code))
				return true;
	}
	return false;
}

enum err
auth_user_list(struct db *db, struct arena *a, const struct principal *actor,
    int64_t limit, int64_t offset, struct user_info **out, size_t *n,
    int64_t *total, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_AUTH_USER_ALL);
	int64_t *ids;
	size_t nids = 0, cap = 64;
	int rc;

	ids = arena_alloc(a, sizeof(*ids) * cap);
	while ((rc = db_step(st, ei)) == 1) {
		if (nids == cap) {
			int64_t *bigger = arena_alloc(a, sizeof(*ids) * cap * 2);

			memcpy(bigger, ids, sizeof(*ids) * cap);
			ids = bigger;
			cap *= 2;
		}
		ids[nids++] = db_col_int(st, 0);
	}
	if (rc < 0)
		return ei->err;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	*total = 0;
	for (size_t i = 0; i < nids; i++) {
		struct user_info u;
		enum err e;

		if ((e = auth_user_get(db, a, ids[i], &u, ei)) != ERR_OK)
			return e;
		if (!visible_to(db, actor, &u))
			continue;
		if (*total >= offset && (int64_t)*n < limit)
			(*out)[(*n)++] = u;
		(*total)++;
	}
	return ERR_OK;
}

enum err
auth_password_change(struct db *db, const struct principal *p,
    const char *old_password, const char *new_password,
    const char *keep_session, struct errinfo *ei)
{
	char keep_hash[65] = "";
	struct db_stmt *st;
	char stored[128], fresh[128];
	struct audit_actor who;
	enum err e;

	st = db_stmt(db, STMT_AUTH_USER_BY_ID);
	db_bind_int(st, 1, p->user_id);
	if (db_step(st, ei) != 1)
		return err_set(ei, ERR_UNAUTH, "auth.required", NULL,
		    "hãy đăng nhập lại",
		    "sign in again");
	snprintf(stored, sizeof(stored), "%s", db_col_text(st, 3));
	db_end_reads(db);
	if (!auth_password_verify(stored, old_password))
		return err_set(ei, ERR_INVALID, "auth.bad_password", "old_password",
		    "mật khẩu hiện tại không đúng",
		    "the current password is wrong");
	if ((e = auth_password_hash(new_password, fresh, ei)) != ERR_OK) {
		snprintf(ei->field, sizeof(ei->field), "new_password");
		return e;
	}
	auth_actor(p, p->nroles ? &p->roles[0] : NULL, &who);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUTH_USER_SET_PASSWORD);
	db_bind_text(st, 1, fresh);
	db_bind_int(st, 2, p->user_id);
	if ((e = db_exec(st, ei)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	/* A new password signs out every other device. */
	if (keep_session != NULL)
		auth_sha256_hex(keep_session, keep_hash);
	st = db_stmt(db, STMT_AUTH_SESSION_DELETE_OTHERS);
	db_bind_int(st, 1, p->user_id);
	db_bind_text(st, 2, keep_hash);
	if ((e = db_exec(st, ei)) != ERR_OK ||
	    (e = auth_version_bump(db, ei)) != ERR_OK ||
	    (e = audit_record(db, &who, "user.password", NULL, NULL, NULL, ei,
	    "user:%lld", (long long)p->user_id)) != ERR_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db, ei);
}
