/*
 * jpath.c - JSON paths of a document's faults (jpath.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/jpath.h"
#include "core/text.h"

const char *
jpath_printf(char buf[JPATH_LEN], const char *fmt, ...)
{
	char tmp[JPATH_LEN * 4];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	n = text_utf8_cut(tmp, JPATH_LEN - 1);
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

const char *
jpath_key(char buf[JPATH_LEN], const char *base, const char *key)
{
	return jpath_printf(buf, "%s%s%s", base, base[0] ? "." : "", key);
}

const char *
jpath_index(char buf[JPATH_LEN], const char *base, size_t i)
{
	return jpath_printf(buf, "%s[%zu]", base, i);
}

int
jpath_name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}
