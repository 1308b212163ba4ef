/*
 * jval.h - small readers and writers of jansson values that every layer
 * needs: a member as a C value, a C string as a JSON value, and moving an
 * object's members into a view.  (Reading a whole document someone sent
 * is core/jdoc.h.)
 */
#ifndef NTM_CORE_JVAL_H
#define NTM_CORE_JVAL_H

#include <stdint.h>

#include <jansson.h>

/* The string member key of o, or NULL (absent, not a string, o NULL). */
const char *jval_str(const json_t *o, const char *key);
/* The integer member key of o (a JSON integer, or a string of digits),
 * or dflt. */
int64_t jval_int(const json_t *o, const char *key, int64_t dflt);
/* s as a JSON string (new reference), or JSON null when s is NULL or not
 * UTF-8: a view key is then present, so a template never finds an outer
 * key of the same name instead. */
json_t *jval_string(const char *s);
/* Move every member of src into dst (replacing) and release src. */
void jval_merge(json_t *dst, json_t *src);

#endif
