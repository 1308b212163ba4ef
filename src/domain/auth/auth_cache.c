/*
 * auth_cache.c - signed-in sessions remembered per process, so that a
 * request of a signed-in officer does not read the session, the user and
 * the role bindings again (three statements) when nothing about them has
 * changed.
 *
 * What makes an entry current is the database, not a clock: every write
 * that could change what a session is allowed (a logout, an expired or
 * deleted session, a role granted, an account disabled, a password
 * changed) bumps the version token AUTH_META_VERSION in its transaction
 * (auth_version_bump), and an entry is used only while the token is the
 * one it was read under - so a change made by another server process or by
 * `ntm user` counts at once, as before.  An entry is also used only while
 * its session is inside its expiry and its idle clock needs no refresh
 * (auth_session_get refreshes it once a minute, through the database).
 *
 * A fixed table of AUTH_CACHE_SLOTS entries, one per slot chosen by the
 * session hash; a collision replaces the older entry (a miss costs the
 * three reads, nothing else).  One mutex: the work under it is a compare
 * and a copy.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/xalloc.h"
#include "domain/auth/auth_internal.h"

#define AUTH_CACHE_SLOTS	1024
#define TOKEN_MAX		128	/* a version token's text */

struct entry {
	char hash[65];			/* "" : empty */
	char version[TOKEN_MAX];
	int64_t last_seen, expires;
	struct principal p;		/* strings owned by the entry */
	char *csrf;
};

static struct entry table[AUTH_CACHE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct entry *
slot_of(const char *hash)
{
	return &table[hash_fnv1a_str(HASH_FNV1A_INIT, hash) % AUTH_CACHE_SLOTS];
}

static void
entry_clear(struct entry *en)
{
	free((char *)en->p.username);
	free((char *)en->p.full_name);
	for (size_t i = 0; i < en->p.nroles; i++) {
		free((char *)en->p.roles[i].structure);
		free((char *)en->p.roles[i].unit_code);
	}
	free(en->csrf);
	memset(en, 0, sizeof(*en));
}

bool
auth_cache_get(const char *hash, const char *version, int64_t now,
    struct arena *a, struct principal *out)
{
	struct entry *en = slot_of(hash);
	bool hit;

	pthread_mutex_lock(&lock);
	hit = strcmp(en->hash, hash) == 0 && strcmp(en->version, version) ==
	    0 && now < en->expires && now - en->last_seen < 60 &&
	    now >= en->last_seen;
	if (hit) {
		*out = en->p;
		out->username = arena_strdup(a, en->p.username);
		out->full_name = arena_strdup(a, en->p.full_name);
		for (size_t i = 0; i < en->p.nroles; i++) {
			out->roles[i].structure = arena_strdup(a,
			    en->p.roles[i].structure);
			out->roles[i].unit_code = arena_strdup(a,
			    en->p.roles[i].unit_code);
		}
		out->csrf_token = arena_strdup(a, en->csrf);
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void
auth_cache_put(const char *hash, const char *version, int64_t last_seen,
    int64_t expires, const struct principal *p)
{
	struct entry *en = slot_of(hash);

	if (strlen(version) >= TOKEN_MAX)
		return;
	pthread_mutex_lock(&lock);
	entry_clear(en);
	memcpy(en->hash, hash, sizeof(en->hash));
	memcpy(en->version, version, strlen(version) + 1);
	en->last_seen = last_seen;
	en->expires = expires;
	en->p = *p;
	en->p.username = xstrdup(p->username != NULL ? p->username : "");
	en->p.full_name = xstrdup(p->full_name != NULL ? p->full_name : "");
	for (size_t i = 0; i < p->nroles; i++) {
		en->p.roles[i].structure = xstrdup(p->roles[i].structure);
		en->p.roles[i].unit_code = xstrdup(p->roles[i].unit_code);
	}
	en->csrf = xstrdup(p->csrf_token != NULL ? p->csrf_token : "");
	en->p.csrf_token = NULL;
	pthread_mutex_unlock(&lock);
}

void
auth_cache_forget(const char *hash)
{
	struct entry *en = slot_of(hash);

	pthread_mutex_lock(&lock);
	if (strcmp(en->hash, hash) == 0)
		entry_clear(en);
	pthread_mutex_unlock(&lock);
}

enum err
auth_version_bump(struct db *db, struct errinfo *ei)
{
	return db_meta_bump(db, AUTH_META_VERSION, ei);
}
