/*
 * jval.c - jansson helpers (jval.h).
 */
#include <ctype.h>
#include <stdlib.h>

#include "core/jval.h"

const char *
jval_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int64_t
jval_int(const json_t *o, const char *key, int64_t dflt)
{
	json_t *j = json_object_get(o, key);
	const char *s;
	char *end;
	long long n;

	if (json_is_integer(j))
		return json_integer_value(j);
	if ((s = json_string_value(j)) != NULL && isdigit((unsigned char)s[0])) {
		n = strtoll(s, &end, 10);
		if (*end == '\0')
			return n;
	}
	return dflt;
}

json_t *
jval_string(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

void
jval_merge(json_t *dst, json_t *src)
{
	json_object_update(dst, src);
	json_decref(src);
}
