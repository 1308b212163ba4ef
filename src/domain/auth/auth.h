/*
 * auth.h - accounts, roles bound to administrative units, sessions, API
 * tokens, login throttling, and the scope rule.
 *
 * A user holds one or more role bindings (role, unit).  A binding's scope
 * is its unit's subtree; a unit of the other structure is in scope when
 * the unit or one of its ancestors went (in full or in part) into a unit
 * of the subtree, and the country VN covers everything.  Every write here
 * appends its audit entry in the same transaction.
 *
 * Secrets: passwords are argon2id strings (libsodium crypto_pwhash_str,
 * rehashed at login when the parameters change); session ids and API
 * tokens are 256-bit random values shown to the client once and stored
 * as SHA-256 hashes.
 *
 * Strings in results live in the caller's arena.
 */
#ifndef NTM_DOMAIN_AUTH_H
#define NTM_DOMAIN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

enum role {
	ROLE_ADMIN, ROLE_COORDINATOR, ROLE_PROVINCE_OFFICER,
	ROLE_COMMUNE_OFFICER, ROLE_VILLAGE_OFFICER, ROLE_APPRAISER,
	ROLE_OCOP_EVALUATOR, ROLE_PRODUCER, ROLE_BUYER, ROLE__MAX
};
extern const char *const role_names[ROLE__MAX];
#define ROLE_BIT(r)		(1u << (r))
#define ROLES_ALL		((1u << ROLE__MAX) - 1)
/* Every role but the marketplace's buyer: the staff.  A buyer account
 * (self-registered, bound at the country) holds no power over units, so
 * "any role" in a route or a filter means the staff. */
#define ROLES_STAFF		(ROLES_ALL & ~ROLE_BIT(ROLE_BUYER))

#define AUTH_MAX_ROLES		16	/* bindings per user */
#define AUTH_PASSWORD_MIN	8
#define AUTH_PASSWORD_MAX	256	/* bytes */
#define AUTH_USERNAME_MAX	64
#define AUTH_SECRET_CHARS	44	/* base64url of 32 bytes, plus NUL */
#define AUTH_SESSION_IDLE_S	(2 * 3600)
#define AUTH_SESSION_MAX_S	(12 * 3600)
#define AUTH_THROTTLE_FAILS	5
#define AUTH_THROTTLE_WINDOW_S	(15 * 60)

struct role_binding {
	enum role role;
	const char *structure, *unit_code;
};

/* The authenticated user of a request. */
struct principal {
	int64_t user_id;
	const char *username, *full_name;
	size_t nroles;
	struct role_binding roles[AUTH_MAX_ROLES];
	const char *csrf_token;	/* of the session; NULL for an API token */
	bool via_token;
	/* An API token's limits (auth_token_create_limited): every write
	 * refused (the router: 403 auth.token_read_only), and the unit its
	 * bindings were narrowed to (NULL: not limited). */
	bool read_only;
	const char *limit_structure, *limit_code;
};

int auth_role_from_name(const char *s);	/* -1 if unknown */

/* Is target (structure, code) inside the scope of a binding at
 * (b_structure, b_code)?  Across structures through the lineage. */
bool auth_unit_in_scope(struct db *db, const char *b_structure,
    const char *b_code, const char *structure, const char *code);
/* Does p hold a role of mask whose scope contains the unit?  On success
 * *used (may be NULL) is the binding that allows it. */
bool auth_can(struct db *db, const struct principal *p, unsigned mask,
    const char *structure, const char *code, const struct role_binding **used);
/* The binding to name in the audit trail for an action of p on a unit
 * (the first that allows it, else p's first binding). */
const struct role_binding *auth_acting_binding(struct db *db,
    const struct principal *p, unsigned mask, const char *structure,
    const char *code);

/* The audit actor for p acting under binding b (either may be NULL). */
struct audit_actor;
void auth_actor(const struct principal *p, const struct role_binding *b,
    struct audit_actor *out);

/* Username rules: 3-64 bytes of a-z 0-9 . _ - (lower-cased on input). */
enum err auth_username_check(const char *raw, struct arena *a,
    const char **out, struct errinfo *ei);

/* Sessions ------------------------------------------------------------ */

/* Check the password (the same work and the same 401 "auth.bad_credentials"
 * for an unknown user, a disabled one and a wrong password), enforce the
 * throttle (429 "auth.throttled"), then create a session: session_id and
 * csrf receive the secrets for the cookie and the client. */
enum err auth_login(struct db *db, struct arena *a, const char *username,
    const char *password, struct principal *out,
    char session_id[AUTH_SECRET_CHARS], char csrf[AUTH_SECRET_CHARS],
    struct errinfo *ei);
/* ERR_UNAUTH if the session is unknown or expired; touches last_seen. */
enum err auth_session_get(struct db *db, struct arena *a,
    const char *session_id, struct principal *out, struct errinfo *ei);
enum err auth_session_end(struct db *db, const struct principal *p,
    const char *session_id, struct errinfo *ei);

/* API tokens ---------------------------------------------------------- */

enum err auth_token_create(struct db *db, const struct principal *p,
    const char *name, char token[AUTH_SECRET_CHARS + 8], int64_t *id,
    struct errinfo *ei);
/* A token for exchange, limited: read_only refuses its every write;
 * a unit (structure and code, or both NULL) narrows its user's bindings to
 * that unit (a binding holding the unit becomes a binding at it, one
 * inside it stays, any other is dropped), so every check sees only inside
 * it.  The unit must exist (404 units.not_found, field "unit") and be in
 * the scope of one of p's bindings (403 tokens.unit_outside_scope). */
struct token_limit {
	bool read_only;
	const char *structure, *code;
};
enum err auth_token_create_limited(struct db *db, const struct principal *p,
    const char *name, const struct token_limit *lim,
    char token[AUTH_SECRET_CHARS + 8], int64_t *id, struct errinfo *ei);
/* ERR_UNAUTH "auth.bad_token" if unknown, revoked, or its user disabled;
 * the principal carries the token's limits (bindings narrowed). */
enum err auth_token_get(struct db *db, struct arena *a, const char *token,
    struct principal *out, struct errinfo *ei);
/* auth_session_get and auth_token_get reading through db (a read
 * replica) and writing what they write (the idle clock, "last used", an
 * expired session's removal) through wdb (the primary). */
enum err auth_session_get_rw(struct db *db, struct db *wdb, struct arena *a,
    const char *session_id, struct principal *out, struct errinfo *ei);
enum err auth_token_get_rw(struct db *db, struct db *wdb, struct arena *a,
    const char *token, struct principal *out, struct errinfo *ei);
/* Revoke one of p's tokens (an admin may revoke any): ERR_NOTFOUND. */
enum err auth_token_revoke(struct db *db, const struct principal *p,
    int64_t id, struct errinfo *ei);

struct token_info {
	int64_t id;
	const char *name;
	int64_t created_at, last_used_at, revoked_at;	/* 0: never */
	bool read_only;
	const char *structure, *code;	/* its unit, or NULL */
};
enum err auth_token_list(struct db *db, struct arena *a,
    const struct principal *p, struct token_info **out, size_t *n,
    struct errinfo *ei);

/* Users ---------------------------------------------------------------- */

struct user_info {
	int64_t id;
	const char *username, *full_name, *created_at;
	bool disabled;
	size_t nroles;
	struct role_binding roles[AUTH_MAX_ROLES];
};

/* May actor grant role at (structure, code)?  admin: anything; coordinator:
 * all but admin; province_officer: commune, village officers, appraisers,
 * OCOP evaluators and producers inside its province; commune_officer:
 * village officers and producers inside its commune.  ERR_FORBIDDEN with
 * the reason otherwise. */
enum err auth_can_grant(struct db *db, const struct principal *actor,
    enum role role, const char *structure, const char *code,
    struct errinfo *ei);
/* The mask of roles p may grant somewhere (by its bindings' roles). */
unsigned auth_grantable_roles(const struct principal *p);
/* Create a user with one role binding (actor NULL: the command line). */
enum err auth_user_create(struct db *db, const struct principal *actor,
    const char *username, const char *full_name, const char *password,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei);
/* Add a binding to an existing user. */
enum err auth_user_grant(struct db *db, const struct principal *actor,
    int64_t user_id, enum role role, const char *structure,
    const char *code, struct errinfo *ei);
enum err auth_user_get(struct db *db, struct arena *a, int64_t id,
    struct user_info *out, struct errinfo *ei);
/* Can actor manage (disable) user id: every binding of the user must be
 * one actor could grant.  ERR_FORBIDDEN / ERR_NOTFOUND. */
enum err auth_can_manage(struct db *db, const struct principal *actor,
    int64_t id, struct errinfo *ei);
enum err auth_user_set_disabled(struct db *db, const struct principal *actor,
    int64_t id, bool disabled, struct errinfo *ei);
/* Users with at least one binding inside actor's scope (admin and
 * coordinator: all), by username. */
enum err auth_user_list(struct db *db, struct arena *a,
    const struct principal *actor, int64_t limit, int64_t offset,
    struct user_info **out, size_t *n, int64_t *total, struct errinfo *ei);
/* Change p's password; every other session of p ends (keep_session: the
 * current one, or NULL). */
enum err auth_password_change(struct db *db, const struct principal *p,
    const char *old_password, const char *new_password,
    const char *keep_session, struct errinfo *ei);

#endif
