/*
 * registry.c - the named statements of the .sql files in src/db/sql, compiled into the
 * binary and split once into an array indexed by enum stmt_id.
 *
 * A block starts at a line "-- name: some_name" and runs to the next such
 * line or the end of the file.  The enum is generated from the same files
 * in the same order (scripts/stmt-ids.sh), and db_registry_load checks that
 * the names agree, so the two can never drift.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/xalloc.h"
#include "db/db.h"

static const char *const stmt_names[STMT__MAX + 1] = STMT_NAMES;
static char *stmt_sql[STMT__MAX];
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

static void
registry_load(void)
{
	const struct embedded_file *f;
	int next = 0;

	for (f = embedded_files; f->path != NULL; f++) {
		const char *p, *end, *block, *name, *nend;

		if (strncmp(f->path, "src/db/sql/", 11) != 0)
			continue;
		p = f->data;
		end = f->data + f->size;
		while ((p = strstr(p, "-- name:")) != NULL && p < end) {
			if (p != f->data && p[-1] != '\n') {
				p += 8;
				continue;
			}
			name = p + 8;
			while (*name == ' ')
				name++;
			nend = name;
			while (nend < end && *nend != '\n' && *nend != ' ' &&
			    *nend != '\r')
				nend++;
			block = strchr(nend, '\n');
			block = block ? block + 1 : end;
			/* The block runs to the next name line. */
			{
				const char *q = block, *stop = end;

				while ((q = strstr(q, "-- name:")) != NULL) {
					if (q[-1] == '\n') {
						stop = q;
						break;
					}
					q += 8;
				}
				if (next >= STMT__MAX ||
				    strlen(stmt_names[next]) != (size_t)(nend - name) ||
				    strncmp(stmt_names[next], name, (size_t)(nend - name)) != 0) {
					fprintf(stderr, "ntm: statement registry out of "
					    "step at %.*s (rebuild)\n", (int)(nend - name), name);
					abort();
				}
				stmt_sql[next++] = xstrndup(block, (size_t)(stop - block));
				p = stop;
			}
		}
	}
	if (next != STMT__MAX) {
		fprintf(stderr, "ntm: statement registry has %d of %d statements\n",
		    next, STMT__MAX);
		abort();
	}
}

const char *
db_stmt_sql(enum stmt_id id)
{
	pthread_once(&registry_once, registry_load);
	return (id >= 0 && id < STMT__MAX) ? stmt_sql[id] : NULL;
}

const char *
db_stmt_name(enum stmt_id id)
{
	return (id >= 0 && id < STMT__MAX) ? stmt_names[id] : "?";
}
