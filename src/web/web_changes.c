/*
 * web_changes.c - the change feed for other systems:
 *   GET /api/v1/changes?since=CURSOR&kinds=a,b&unit=STRUCTURE:CODE&limit=N
 * Signed in (a person or an API token); what changed inside the scope of
 * the caller's bindings (and inside ?unit=, which the router checked is
 * in that scope: 403 otherwise), oldest first, in commit order.  `next`
 * is the cursor to ask from next time (the seq of the last change the
 * page examined: it stays valid across restarts and servers); `more` says
 * whether to ask again now.  docs/EXCHANGE.md section 3.
 */
#include <stdint.h>

#include "domain/changes/changes.h"
#include "web/web_internal.h"

static enum err changes_feed(struct req *, struct web *, json_t *,
    struct errinfo *);

#define CHANGES_LIMIT_DEFAULT	100
#define CHANGES_LIMIT_MAX	1000

static const struct qfield changes_query[] = {
	{ "since", Q_INT, 0, INT64_MAX, 0, NULL },
	{ "kinds", Q_TEXT, 0, 0, 300, NULL },
	{ "unit", Q_TEXT, 0, 0, 64, NULL },
	{ "limit", Q_INT, 1, CHANGES_LIMIT_MAX, 0, NULL },
};

static const struct route_doc changes_doc = {
	.summary = "What changed in the caller's scope, in commit order, "
	    "from a cursor (the change feed)",
	.response = "{\"type\": \"object\", \"required\": [\"changes\", "
	    "\"next\", \"more\"], \"properties\": {"
	    "\"changes\": {\"type\": \"array\", \"items\": {\"type\": "
	    "\"object\", \"required\": [\"seq\", \"kind\", \"action\", "
	    "\"unit\", \"id\", \"at\", \"href\"], \"properties\": {"
	    "\"seq\": {\"type\": \"integer\"}, "
	    "\"kind\": {\"type\": \"string\", \"enum\": [\"unit\", "
	    "\"indicator_values\", \"evaluation\", \"report\", "
	    "\"report_approval\", \"dossier_decision\", "
	    "\"ocop_certificate\", \"survey_results\"]}, "
	    "\"action\": {\"type\": \"string\"}, "
	    "\"unit\": {\"type\": [\"object\", \"null\"], \"properties\": {"
	    "\"structure\": {\"type\": \"string\"}, \"code\": {\"type\": "
	    "\"string\"}, \"name\": {\"type\": [\"string\", \"null\"]}}}, "
	    "\"id\": {\"type\": \"integer\"}, "
	    "\"at\": {\"type\": \"string\", \"format\": \"date-time\"}, "
	    "\"href\": {\"type\": \"string\"}}}}, "
	    "\"next\": {\"type\": \"integer\"}, "
	    "\"more\": {\"type\": \"boolean\"}}}",
};

const struct route changes_routes[] = {
	{ .method = "GET", .pattern = "/changes", .flags = ROUTE_API | ROUTE_RAW,
	  .fn = changes_feed, QUERY(changes_query), .roles = ROLES_SIGNED_IN,
	  .scope = &scope_query_unit, .doc = &changes_doc },
	{ .method = NULL }
};

/* Each change into the reply, a comma before all but the first. */
static enum err
write_one(void *ctx, const struct change *c, struct errinfo *ei)
{
	struct req *r = ctx;
	enum err e = ERR_OK;

	if (r->out.data[r->out.len - 1] != '[')
		e = buf_putc(&r->out, ',');
	/* the stored text, written with the change: one copy a row */
	if (e == ERR_OK)
		e = c->json != NULL ? buf_puts(&r->out, c->json) :
		    changes_write_json(&r->out, c);
	if (e != ERR_OK)
		return err_set(ei, e, NULL, NULL, "không tạo được câu trả lời",
		    "the answer could not be built");
	return ERR_OK;
}

/*
 * Written straight into the reply (ROUTE_RAW): a page of 1,000 changes
 * is 200 KB of JSON, and building it as a jansson tree first cost most of
 * its time (bench/changes.sh).
 */
static enum err
changes_feed(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct role_binding staff[AUTH_MAX_ROLES];
	size_t nstaff = 0, n;
	uint64_t mask;
	int64_t next;
	bool more;
	enum err e;

	(void)view;
	/* A raw route is matched at /changes too: there is no such page. */
	if (!w->json)
		return err_set(ei, ERR_NOTFOUND, "changes.not_found", NULL,
		    "Không có trang này", "There is no such page");
	if ((e = changes_kinds_mask(web_qtext(w, "kinds"), &mask, ei)) !=
	    ERR_OK)
		return e;
	/* A buyer's binding (at the country) is no power over units. */
	for (size_t i = 0; i < w->who->nroles; i++)
		if (ROLE_BIT(w->who->roles[i].role) & ROLES_STAFF)
			staff[nstaff++] = w->who->roles[i];
	buf_reset(&r->out);
	if ((e = buf_puts(&r->out, "{\"changes\":[")) != ERR_OK ||
	    (e = changes_each(w->db, r->arena, staff, nstaff,
	    web_qint(w, "since", 0), mask, w->unit_structure, w->unit_code,
	    (size_t)web_qint(w, "limit", CHANGES_LIMIT_DEFAULT), true,
	    write_one, r,
	    &n, &next, &more, ei)) != ERR_OK ||
	    (e = buf_printf(&r->out, "],\"next\":%lld,\"more\":%s}",
	    (long long)next, more ? "true" : "false")) != ERR_OK) {
		buf_reset(&r->out);
		if (e == ERR_LIMIT)
			err_set(ei, e, NULL, NULL, "không tạo được câu trả lời",
			    "the answer could not be built");
		return e;
	}
	r->content_type = "application/json";
	r->status = 200;
	return ERR_OK;
}
