/*
 * embed.c - lookup in the table of compiled-in files; see embed.h.
 */
#include <string.h>

#include "core/embed.h"

const struct embedded_file *
embed_find(const char *path)
{
	const struct embedded_file *f;

	for (f = embedded_files; f->path != NULL; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}
