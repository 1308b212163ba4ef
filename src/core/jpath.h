/*
 * jpath.h - JSON paths for the faults of a document someone sent
 * ("rules[1].blocking", "groups[0].items.A.1"), printed into a buffer the
 * size of errinfo.field and cut on a character boundary (a document's
 * keys are any UTF-8).  Every parser of a versioned document (report
 * forms, OCOP scorecards) names its faults this way.
 */
#ifndef NTM_CORE_JPATH_H
#define NTM_CORE_JPATH_H

#include <stddef.h>

#define JPATH_LEN	64	/* errinfo.field */

/* A path printed into buf (JPATH_LEN bytes); returns buf. */
const char *jpath_printf(char buf[JPATH_LEN], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* base.key ("key" when base is ""). */
const char *jpath_key(char buf[JPATH_LEN], const char *base, const char *key);
/* base[i] */
const char *jpath_index(char buf[JPATH_LEN], const char *base, size_t i);
/* The index of s in names (NULL-terminated), or -1. */
int jpath_name_index(const char *const *names, const char *s);

#endif
