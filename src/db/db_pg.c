/*
 * db_pg.c - the PostgreSQL backend (placeholder until it lands): every
 * postgresql:// target is refused with a clear error.
 */
#include <stddef.h>

#include "db/db_backend.h"

enum err
db_pg_open(const char *target, enum db_open_mode mode, struct db **out,
    struct errinfo *ei)
{
	(void)mode;
	*out = NULL;
	return err_set(ei, ERR_INVALID, "db.backend", "db",
	    "PostgreSQL chưa được hỗ trợ trong phiên bản này: %s", target);
}
