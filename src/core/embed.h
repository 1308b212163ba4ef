/*
 * embed.h - files compiled into the binary by tools/embed.c (migrations,
 * SQL statement files, templates, static assets).  Paths are relative to the
 * project root, e.g. "templates/home.html".  Every entry's data is followed
 * by a NUL byte not counted in size.
 */
#ifndef NTM_CORE_EMBED_H
#define NTM_CORE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *path;
	const char *data;
	size_t size;
};

extern const struct embedded_file embedded_files[];	/* NULL-terminated */

const struct embedded_file *embed_find(const char *path);

#endif
