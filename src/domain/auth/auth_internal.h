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
/* A user's role bindings, in a fixed order. */
enum err auth_roles_load(struct db *db, struct arena *a, int64_t user_id,
    struct role_binding roles[AUTH_MAX_ROLES], size_t *n, struct errinfo *ei);

#endif
