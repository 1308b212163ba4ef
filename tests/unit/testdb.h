/*
 * testdb.h - for unit tests: a fresh, migrated SQLite database in its own
 * temporary folder, and its removal.  Header-only: each test is one .c.
 */
#ifndef NTM_TESTS_TESTDB_H
#define NTM_TESTS_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"

/* dir receives the folder ("/tmp/ntm-NAME-XXXXXX"), path (may be NULL)
 * the database file.  Returns 0, or -1 with the reason on stderr. */
static inline int
testdb_open(const char *name, char dir[64], char path[128], struct db **db)
{
	struct errinfo ei;
	char file[128];

	snprintf(dir, 64, "/tmp/ntm-%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(file, sizeof(file), "%s/t.db", dir);
	if (path != NULL)
		snprintf(path, 128, "%s", file);
	if (db_open(file, DB_CREATE, db, &ei) != ERR_OK ||
	    db_migrate(*db, NULL, &ei) != ERR_OK ||
	    db_prepare_all(*db, &ei) != ERR_OK) {
		fprintf(stderr, "testdb: %s\n", ei.message);
		return -1;
	}
	return 0;
}

/* Close db and remove the folder. */
static inline int
testdb_remove(struct db *db, const char *dir)
{
	char cmd[128];

	db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
