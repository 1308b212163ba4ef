/*
 * auth_internal.h - what the files of domain/auth share.
 */
#ifndef NTM_DOMAIN_AUTH_INTERNAL_H
#define NTM_DOMAIN_AUTH_INTERNAL_H

#include "domain/audit/audit.h"
#include "domain/auth/auth.h"

int64_t auth_now(void);			/* Unix seconds */
/* 32 random bytes as base64url without padding (43 chars + NUL). */
void auth_secret(char out[AUTH_SECRET_CHARS]);
/* SHA-256 of s as 64 hex characters + NUL. */
void auth_sha256_hex(const char *s, char out[65]);
/* Load a user's name and bindings into p (ERR_UNAUTH if disabled or gone
 * when for_login; ERR_NOTFOUND otherwise). */
enum err auth_principal_load(struct db *db, struct arena *a, int64_t user_id,
    struct principal *p, struct errinfo *ei);
/* argon2id string of a password (8..256 bytes, else ERR_INVALID). */
enum err auth_password_hash(const char *password, char out[128],
    struct errinfo *ei);
bool auth_password_verify(const char *stored, const char *password);
/* auth_user_create with the password already hashed by
 * auth_password_hash: for many accounts made at once with one password
 * (the demo's commune officers), where a hash each would cost seconds. */
enum err auth_user_create_hashed(struct db *db, const struct principal *actor,
    const char *username, const char *full_name, const char *hash,
    enum role role, const char *structure, const char *code, int64_t *id,
    struct errinfo *ei);
/* A user's role bindings, in a fixed order. */
enum err auth_roles_load(struct db *db, struct arena *a, int64_t user_id,
    struct role_binding roles[AUTH_MAX_ROLES], size_t *n, struct errinfo *ei);

/* The version token of what sessions are allowed: bumped (inside the
 * writer's transaction) by every write that changes it, compared by the
 * per-process session cache (auth_cache.c). */
#define AUTH_META_VERSION	"auth_version"
enum err auth_version_bump(struct db *db, struct errinfo *ei);
/* The principal of session hash when the cache holds it under version
 * and it needs no refresh at now (copied into a; the csrf token too). */
bool auth_cache_get(const char *hash, const char *version, int64_t now,
    struct arena *a, struct principal *out);
/* Remember p (its csrf_token included) for session hash. */
void auth_cache_put(const char *hash, const char *version, int64_t last_seen,
    int64_t expires, const struct principal *p);
void auth_cache_forget(const char *hash);

/* API tokens' limits (auth_token_limit.c). */
enum err auth_token_unit_check(struct db *db, const struct principal *p,
    const char *structure, const char *code, struct errinfo *ei);
void auth_token_narrow(struct db *db, struct arena *a, struct principal *p,
    const char *structure, const char *code);

#endif
