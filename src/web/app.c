/*
 * app.c - the web application's process-wide state: the compiled template
 * set (from the templates compiled into the binary), the message tables,
 * and one database connection per worker thread, opened on a thread's
 * first request and closed when the thread ends.
 *
 * The state here is read-only after web_app_init; nothing a second server
 * process would need lives here (sessions and data are in the database).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dx/dx.h"
#include "web/cache.h"
#include "web/replicas.h"
#include "web/web_internal.h"

static struct tmpl_set *templates;
static char *db_target;
static pthread_key_t db_key;
static bool cache_enabled = true;
static bool cookies_secure;

static void
thread_db_close(void *p)
{
	db_close(p);
}

const struct tmpl_set *
web_templates(void)
{
	return templates;
}

/* Compile every embedded templates/NAME.html under the name NAME. */
static enum err
load_templates(struct errinfo *ei)
{
	const struct embedded_file *f;
	enum err e;

	templates = tmpl_set_new();
	for (f = embedded_files; f->path != NULL; f++) {
		size_t n = strlen(f->path);
		char *name;

		if (strncmp(f->path, "templates/", 10) != 0 || n < 16 ||
		    strcmp(f->path + n - 5, ".html") != 0)
			continue;
		name = xstrndup(f->path + 10, n - 15);
		e = tmpl_set_add(templates, name, f->data, f->size, ei);
		free(name);
		if (e != ERR_OK)
			return e;
	}
	return tmpl_set_check(templates, ei);
}

enum err
web_app_init(const struct web_app_opts *o, struct errinfo *ei)
{
	struct db *db;
	enum err e;

	if ((e = load_templates(ei)) != ERR_OK)
		return e;
	db_target = xstrdup(o->db_target);
	cache_enabled = !o->no_cache;
	cookies_secure = o->secure_cookies;
	pthread_key_create(&db_key, thread_db_close);
	/* Check the schema and every statement now, not on a request. */
	if ((e = db_open(db_target, DB_EXISTING, &db, ei)) != ERR_OK)
		return e;
	switch (db_schema_version(db, ei)) {
	case -1:
		db_close(db);
		return ei->err;
	case 0:
		db_close(db);
		return err_set(ei, ERR_INVALID, "db.empty", "db",
		    "cơ sở dữ liệu %s chưa được khởi tạo: chạy 'ntm init' trước",
		    "the database %s was never initialised: run 'ntm init' "
		    "first",
		    db_target_safe(db_target));
	default:
		break;
	}
	e = db_prepare_all(db, ei);
	db_close(db);
	return e;
}

void
web_app_free(void)
{
	web_cache_clear();
	dx_cache_free();		/* its pictures point into the sets' cache */
	crit_store_cache_free();	/* the server has stopped: no reader left */
	tmpl_set_free(templates);
	templates = NULL;
	free(db_target);
	db_target = NULL;
}

bool
web_cookies_secure(void)
{
	return cookies_secure;
}

bool
web_cache_enabled(void)
{
	return cache_enabled;
}

/* This request's database: its standby (replicas.h) or the primary,
 * the same for the whole request. */
struct db *
web_db(struct errinfo *ei)
{
	int i = web_replica_current();
	struct db *db;

	if (i >= 0) {
		if ((db = web_replica_db(i, NULL)) != NULL)
			return db;
		web_replica_fail();
	}
	return web_db_primary(ei);
}

struct db *
web_db_primary(struct errinfo *ei)
{
	struct db *db = pthread_getspecific(db_key);

	if (db != NULL)
		return db;
	if (db_open(db_target, DB_EXISTING, &db, ei) != ERR_OK ||
	    db_prepare_all(db, ei) != ERR_OK) {
		db_close(db);
		err_set(ei, ERR_UNAVAILABLE, "server.unavailable", NULL,
		    "cơ sở dữ liệu tạm thời không truy cập được",
		    "the database is temporarily unavailable");
		return NULL;
	}
	pthread_setspecific(db_key, db);
	return db;
}
