/*
 * files.c - see files.h.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/files.h"

#define FILES_MAX 256

char *
file_text(const char *path, size_t max, size_t *len)
{
	struct buf b;

	buf_init(&b, max);
	if (buf_read_file(&b, path) != ERR_OK || b.data == NULL) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum err
files_each(const char *dir, const char *suffix, file_fn fn, void *ctx,
    struct errinfo *ei)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[FILES_MAX];
	size_t n = 0, sl = strlen(suffix);
	enum err e = ERR_OK;

	if (d == NULL)
		return ERR_NOTFOUND;
	while ((de = readdir(d)) != NULL && n < FILES_MAX) {
		size_t l = strlen(de->d_name);

		if (l > sl && strcmp(de->d_name + l - sl, suffix) == 0 &&
		    (names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < n; i++) {
		char path[1024];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (e == ERR_OK)
			e = fn(ctx, path, ei);
		free(names[i]);
	}
	return e;
}
