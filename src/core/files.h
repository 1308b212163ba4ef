/*
 * files.h - reading the files the program ships or is given: a whole file
 * as text, and the files of a folder in name order (criteria/, survey
 * templates).
 */
#ifndef NTM_CORE_FILES_H
#define NTM_CORE_FILES_H

#include <stddef.h>

#include "core/err.h"

/* The whole file at path (at most max bytes), NUL-terminated, for the
 * caller to free; NULL if it cannot be read, is empty or is larger. */
char *file_text(const char *path, size_t max, size_t *len);

/* Call fn(ctx, path) for every file of dir whose name ends in suffix, in
 * name order (at most 256), stopping at the first error fn returns.
 * ERR_NOTFOUND (ei untouched) when dir cannot be opened. */
typedef enum err (*file_fn)(void *ctx, const char *path, struct errinfo *ei);
enum err files_each(const char *dir, const char *suffix, file_fn fn,
    void *ctx, struct errinfo *ei);

#endif
