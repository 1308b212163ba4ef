/*
 * web_dx_api.c - digital readiness as JSON (issue 19; domain/dx):
 *
 *   GET /api/v1/units/{structure}/{code}/digital?year=&set=&limit=&offset=
 *       a commune: dx_commune_json (its score, level, ranks, observed
 *       values, trend); a province or the nation ("VN"): dx_rollup_json
 *       (counts by level, its provinces, the ranking of its communes,
 *       limit/offset paging the ranking).
 *
 * Public.  Cached per DX_META_VERSION and per day (an observed share
 * counts what fell due by today).  The page at the same path is
 * web_dx_pages.c's.
 */
#include <string.h>

#include "core/arena.h"
#include "core/jval.h"
#include "domain/dx/dx.h"
#include "domain/units/units.h"
#include "web/web.h"

static enum err dxw_api(struct req *, struct web *, json_t *,
    struct errinfo *);

static const struct qfield dx_query[] = {
	{ "year", Q_INT, 2000, 2100, 0, NULL },
	{ "set", Q_TEXT, 0, 0, CRIT_ID_MAX, NULL },
	QF_LIMIT,
	QF_OFFSET,
};

const struct route dx_api_routes[] = {
	{ .method = "GET", .pattern = "/units/{structure}/{code}/digital",
	  .flags = ROUTE_API | ROUTE_DATED, .fn = dxw_api, QUERY(dx_query),
	  .version_key = DX_META_VERSION, .roles = ROLES_PUBLIC },
	{ .method = NULL }
};

static enum err
dxw_api(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const char *set = web_qtext(w, "set");
	int year = (int)web_qint(w, "year", 0);
	struct unit u;
	json_t *out = NULL;
	enum err e;

	if ((e = units_get(w->db, a, http_param(r, "structure"), http_param(r,
	    "code"), &u, ei)) != ERR_OK)
		goto out;
	if (strcmp(u.level, "commune") == 0)
		e = dx_commune_json(w->db, set, year, u.code, w->lang, &out, ei);
	else if (strcmp(u.level, "country") == 0 ||
	    strcmp(u.level, "province") == 0)
		e = dx_rollup_json(w->db, set, year, strcmp(u.level,
		    "country") == 0 ? "VN" : u.code, w->lang,
		    (long)web_qint(w, "limit", 50), (long)web_qint(w, "offset",
		    0), &out, ei);
	else
		e = err_set(ei, ERR_NOTFOUND, "dx.not_scored_level", "code",
		    "Chỉ số chuyển đổi số chỉ đánh giá cấp xã, tổng hợp theo "
		    "tỉnh và cả nước",
		    "Digital readiness is assessed for communes and summed "
		    "by province and for the nation");
	/* A set the request names that is not stored: the query is wrong. */
	if (e == ERR_NOTFOUND && set != NULL && strcmp(ei->field, "set") != 0 &&
	    strncmp(ei->code, "criteria.", 9) == 0)
		e = err_set(ei, ERR_INVALID, "dx.unknown_set", "set",
		    "Không có bộ tiêu chí %s", "No criteria set %s", set);
	if (e == ERR_OK)
		jval_merge(view, out);
out:
	arena_free(a);
	return e;
}
