/*
 * url.c - percent-encoding; see url.h.
 */
#include <string.h>

#include "core/url.h"

/* keep: the reserved characters that pass through unencoded. */
static enum err
encode(const char *s, const char *keep, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || (c != '\0' && strchr(keep, c) != NULL);
		enum err e;

		if (plain)
			e = buf_putc(out, (char)c);
		else {
			char enc[3] = { '%', hex[c >> 4], hex[c & 15] };

			e = buf_append(out, enc, 3);
		}
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err
url_encode(const char *s, bool keep_slash, struct buf *out)
{
	return encode(s, keep_slash ? "/" : "", out);
}

enum err
url_encode_local(const char *s, struct buf *out)
{
	return encode(s, "/?&=%+:@,;", out);
}

enum err
url_query_add(struct buf *q, const char *name, const char *value)
{
	enum err e;

	if (q->len > 0 && (e = buf_putc(q, '&')) != ERR_OK)
		return e;
	if ((e = url_encode(name, false, q)) != ERR_OK ||
	    (e = buf_putc(q, '=')) != ERR_OK)
		return e;
	return url_encode(value, false, q);
}
