/*
 * web_pager.c - a paged list's links and range (web_pager.h).  The links
 * of the list's pages, its exports and its columns carry the filters the
 * request has, so that a person who narrowed the list keeps it narrowed
 * while paging; the lists of the dossiers, the OCOP register and the
 * catalog each built them the same way.
 */
#include "core/buf.h"
#include "core/jval.h"
#include "core/numfmt.h"
#include "core/url.h"
#include "web/web_pager.h"

const char *
web_keep_link(struct req *r, struct web *w, const char *const keep[],
    const char *path, int64_t offset)
{
	struct buf q;
	const char *s;

	buf_init(&q, 4096);
	for (size_t i = 0; keep[i] != NULL; i++) {
		const char *v = web_qtext(w, keep[i]);

		if (v != NULL && v[0] != '\0' &&
		    url_query_add(&q, keep[i], v) != ERR_OK)
			break;
	}
	if (offset >= 0 && url_query_add(&q, "offset", arena_printf(r->arena,
	    "%lld", (long long)offset)) != ERR_OK)
		buf_reset(&q);
	s = arena_printf(r->arena, "%s%s%s", path, q.len ? "?" : "",
	    buf_cstr(&q));
	buf_free(&q);
	return s;
}

void
web_pager(struct req *r, struct web *w, json_t *view, const char *label,
    const char *path, const char *const keep[], int64_t offset,
    int64_t limit)
{
	int64_t total = jval_int(view, "total", 0);
	int64_t shown = (int64_t)json_array_size(json_object_get(view,
	    "items"));

	json_object_set_new(view, "has_items", json_boolean(shown > 0));
	if (shown > 0)
		json_object_set_new(view, "range_text", json_string(arena_printf(
		    r->arena, "%s %s–%s / %s", label,
		    numfmt_int_a(r->arena, offset + 1, w->lang),
		    numfmt_int_a(r->arena, offset + shown, w->lang),
		    numfmt_int_a(r->arena, total, w->lang))));
	if (offset > 0)
		json_object_set_new(view, "prev_href", json_string(web_keep_link(
		    r, w, keep, path, offset > limit ? offset - limit : -1)));
	if (offset + shown < total)
		json_object_set_new(view, "next_href", json_string(web_keep_link(
		    r, w, keep, path, offset + limit)));
}
