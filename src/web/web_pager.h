/* web_pager.h - the links and the range of a paged list's page, which
 * keep the filters the request has (web_pager.c): the dossiers'
 * registers, the OCOP register and the market's catalog. */
#ifndef NTM_WEB_PAGER_H
#define NTM_WEB_PAGER_H

#include <stdint.h>

#include "http/http.h"
#include "web/web.h"

/* path with the request's values of the query names of keep
 * (NULL-terminated; each declared in the route's query table, so that
 * they fit in 4 KB; the empty ones left out) and "offset" unless offset
 * is < 0, in the request's arena: "/ocop/register?stars=4&offset=20". */
const char *web_keep_link(struct req *r, struct web *w,
    const char *const keep[], const char *path, int64_t offset);

/* What a page of a paged list shows around view's "items" (of "total",
 * from offset, limit a page): "has_items"; when it shows any,
 * "range_text", label then the numbers in the page's language ("Sản
 * phẩm 21–40 / 135"); "prev_href" and "next_href" (web_keep_link of
 * path and keep, the first page without an offset) when there is a page
 * before or after. */
void web_pager(struct req *r, struct web *w, json_t *view, const char *label,
    const char *path, const char *const keep[], int64_t offset,
    int64_t limit);

#endif
