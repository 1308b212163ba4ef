/*
 * url.h - percent-encoding for the links ntm writes into its pages
 * (RFC 3986: everything but unreserved characters is encoded; '/' is kept
 * when encoding a path).  Decoding is libmicrohttpd's job, never ours.
 */
#ifndef NTM_CORE_URL_H
#define NTM_CORE_URL_H

#include <stdbool.h>

#include "core/buf.h"

enum err url_encode(const char *s, bool keep_slash, struct buf *out);
/* Make a local URL (path and query) safe for a Location header: encode
 * spaces, quotes, controls and non-ASCII; '/', '?', '&', '=', '%' (an
 * escape already there), '+', ':', '@', ',', ';' pass through. */
enum err url_encode_local(const char *s, struct buf *out) BUF_MUST_USE;
/* Append "&name=value" (or "name=value" to an empty buffer), encoded. */
enum err url_query_add(struct buf *q, const char *name, const char *value)
    BUF_MUST_USE;

#endif
